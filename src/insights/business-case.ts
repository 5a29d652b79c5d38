// The business case for social care (DESIGN.md §1: teams lack one): cost per contact per channel from agent
// time, and revenue kept by answering, from configurable inputs. Every figure comes with the formula that made
// it, so a reader can check it and change an input with confidence.

export interface ChannelWorkload {
  readonly channelKind: string;
  readonly contacts: number;
  /** Agent time per contact, seconds (handle time including wrap-up). */
  readonly handleSeconds: number;
}

export interface BusinessCaseInputs {
  /** Fully loaded cost of one agent hour, in the report's currency. */
  readonly costPerAgentHour: number;
  /** Share of an agent's paid time spent on contacts (occupancy × shrinkage); 0 < x ≤ 1. */
  readonly productiveShare: number;
  /** Contacts answered by self-service or other customers instead of an agent (deflected). */
  readonly contactsDeflected: number;
  /** Average yearly value of one customer. */
  readonly customerValuePerYear: number;
  /** Customers at risk in the period (e.g. contacts with a cancel intent or repeated complaints). */
  readonly customersAtRisk: number;
  /** Reduction in churn among those customers attributed to answering them well (0..1). */
  readonly churnReduction: number;
}

export interface ChannelCost {
  readonly channelKind: string;
  readonly contacts: number;
  readonly agentHours: number;
  readonly cost: number;
  readonly costPerContact: number;
  readonly formula: string;
}

export interface BusinessCase {
  readonly channels: readonly ChannelCost[];
  readonly totalCost: number;
  readonly deflectionSavings: number;
  readonly retainedRevenue: number;
  readonly formulas: readonly string[];
}

const money = (x: number) => Math.round(x * 100) / 100;

export function computeBusinessCase(workload: readonly ChannelWorkload[], inputs: BusinessCaseInputs): BusinessCase {
  const share = Math.min(1, Math.max(0.01, inputs.productiveShare));
  const channels = workload.map((w) => {
    const agentHours = (w.contacts * w.handleSeconds) / 3600 / share;
    const cost = agentHours * inputs.costPerAgentHour;
    return {
      channelKind: w.channelKind,
      contacts: w.contacts,
      agentHours: Math.round(agentHours * 10) / 10,
      cost: money(cost),
      costPerContact: w.contacts > 0 ? money(cost / w.contacts) : 0,
      formula: `${w.contacts} contacts × ${w.handleSeconds} s ÷ 3600 ÷ ${share} productive × ${inputs.costPerAgentHour}/h`,
    };
  });
  const totalCost = channels.reduce((s, c) => s + c.cost, 0);
  const totalContacts = channels.reduce((s, c) => s + c.contacts, 0);
  const averageCost = totalContacts > 0 ? totalCost / totalContacts : 0;
  const deflectionSavings = inputs.contactsDeflected * averageCost;
  const retainedRevenue = inputs.customersAtRisk * inputs.churnReduction * inputs.customerValuePerYear;
  return {
    channels,
    totalCost: money(totalCost),
    deflectionSavings: money(deflectionSavings),
    retainedRevenue: money(retainedRevenue),
    formulas: [
      'cost of a channel = contacts × handle seconds ÷ 3600 ÷ productive share × cost per agent hour',
      'cost per contact = cost of the channel ÷ its contacts',
      `deflection savings = ${inputs.contactsDeflected} deflected × average cost per contact ${money(averageCost)}`,
      `retained revenue = ${inputs.customersAtRisk} customers at risk × ${inputs.churnReduction} churn reduction × ${inputs.customerValuePerYear} yearly value`,
    ],
  };
}
