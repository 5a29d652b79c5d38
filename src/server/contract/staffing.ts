// The staffing forecast over HTTP: the same assumptions as `earshot staffing`, lists as comma-separated
// `key=number` pairs in the query string.
import { z } from 'zod';

const pairs = (example: string) =>
  z
    .string()
    .max(2000)
    .regex(/^[^=,\s]+=\d+(\.\d+)?(,[^=,\s]+=\d+(\.\d+)?)*$/, `expected comma-separated KEY=NUMBER pairs such as ${example}`)
    .transform((s) => Object.fromEntries(s.split(',').map((p) => [p.split('=')[0]!, Number(p.split('=')[1])])) as Record<string, number>)
    .optional();

export const staffingQuery = z.strictObject({
  since: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }),
  serviceLevel: z.coerce.number().gt(0).lt(1).default(0.8).describe('Share to answer within targetSeconds, 0 < x < 1'),
  targetSeconds: z.coerce.number().positive().max(86_400).default(60),
  channel: z.string().max(500).optional().describe('Comma-separated channel kinds; default all'),
  handle: pairs('email=480,x=240').describe('Handle time per channel, seconds'),
  defaultHandleSeconds: z.coerce.number().positive().max(86_400).default(300),
  patience: pairs('webchat=120,phone=90').describe('Mean patience per channel, seconds: planned with Erlang A'),
  whatIf: pairs('whatsapp=300').describe('A new channel or language at an estimated volume per day'),
});

const row = z.object({
  channel: z.string(),
  hourOfWeek: z.number(),
  day: z.string(),
  hour: z.number(),
  arrivalsPerHour: z.number(),
  handleSeconds: z.number(),
  model: z.enum(['erlang-c', 'erlang-a']),
  trafficErlangs: z.number(),
  agents: z.number(),
  serviceLevel: z.number(),
  averageWaitSeconds: z.number(),
  occupancy: z.number(),
  abandonment: z.number().nullable(),
});

export const staffingResponse = z.object({
  since: z.string(),
  until: z.string(),
  timeZone: z.string(),
  notes: z.array(z.string()),
  channels: z.array(
    z.object({
      channel: z.string(),
      handleSeconds: z.number(),
      handleTimeSource: z.enum(['configured', 'measured', 'default']),
      handleTimeSamples: z.number(),
      patienceSeconds: z.number().nullable(),
      arrivalsPerWeek: z.number(),
      peakAgents: z.number(),
      agentHoursPerWeek: z.number(),
      isWhatIf: z.boolean(),
    }),
  ),
  rows: z.array(row),
});
