import { describe, expect, it } from 'vitest';
import { computeBusinessCase } from '../../../src/insights/business-case.js';

describe('computeBusinessCase', () => {
  const inputs = { costPerAgentHour: 30, productiveShare: 0.75, contactsDeflected: 200, customerValuePerYear: 400, customersAtRisk: 150, churnReduction: 0.2 };

  it('computes cost per contact per channel from agent time, as worked by hand', () => {
    const result = computeBusinessCase(
      [
        { channelKind: 'x', contacts: 900, handleSeconds: 240 }, // 60 h of contacts ÷ 0.75 = 80 paid hours × 30 = 2,400
        { channelKind: 'email', contacts: 450, handleSeconds: 480 }, // 60 h ÷ 0.75 = 80 h × 30 = 2,400
      ],
      inputs,
    );
    expect(result.channels.map((c) => [c.channelKind, c.agentHours, c.cost, c.costPerContact])).toEqual([
      ['x', 80, 2400, 2.67],
      ['email', 80, 2400, 5.33],
    ]);
    expect(result.totalCost).toBe(4800);
    // 4,800 ÷ 1,350 contacts = 3.5556 per contact × 200 deflected = 711.11
    expect(result.deflectionSavings).toBe(711.11);
    // 150 × 0.2 × 400 = 12,000
    expect(result.retainedRevenue).toBe(12000);
  });

  it('shows the formula with the inputs it used', () => {
    const result = computeBusinessCase([{ channelKind: 'x', contacts: 10, handleSeconds: 60 }], inputs);
    expect(result.channels[0]!.formula).toBe('10 contacts × 60 s ÷ 3600 ÷ 0.75 productive × 30/h');
    expect(result.formulas.at(-1)).toBe('retained revenue = 150 customers at risk × 0.2 churn reduction × 400 yearly value');
  });

  it('gives zero cost per contact for a channel without contacts instead of dividing by zero', () => {
    expect(computeBusinessCase([{ channelKind: 'rss', contacts: 0, handleSeconds: 60 }], inputs).channels[0]!.costPerContact).toBe(0);
  });
});
