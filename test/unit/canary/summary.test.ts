import type { CanaryOutcome } from '../../../src/canary/outcome.js';
import { canaryFailure, canaryOutputs, canarySummary, trafficText } from '../../../src/canary/summary.js';

/** route-canary's outputs, summary and verdict, shared by every mode. */

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));

const rolledBack: CanaryOutcome = {
  mode: 'alb',
  final: 'canary 0%, stable 100%',
  finalTraffic: { canary: 0, stable: 100 },
  rolledBack: true,
  reason: 'Alarm "api-5xx" is in ALARM: Threshold Crossed: 1 datapoint [12.0] was greater than 5.0 (<5%)',
  failure: 'Alarm "api-5xx" is in ALARM: Threshold Crossed; the canary was sent back to 0%',
  timeline: [
    { at: at(0), event: 'Traffic found', traffic: { stable: 100, canary: 0 } },
    { at: at(75), event: 'Bake 1/4 passed', traffic: { stable: 90, canary: 10 }, health: '2/2 healthy', alarms: 'api-5xx OK' },
    { at: at(3725), event: 'Rolled back', traffic: { stable: 100, canary: 0 } },
  ],
};

test('traffic reads canary first', () => {
  expect(trafficText({ stable: 75, canary: 25 })).toBe('canary 25%, stable 75%');
  expect(trafficText({ green: 12.5, blue: 87.5 })).toBe('blue 87.5%, green 12.5%');
});

test('outputs say where traffic was left, whether it rolled back and why', () => {
  expect(canaryOutputs(rolledBack)).toEqual({
    final: 'canary 0%, stable 100%',
    'rolled-back': 'true',
    reason: rolledBack.reason,
    'canary-weight': '0',
  });
  const stage: CanaryOutcome = { mode: 'ecs', final: 'stage BAKE_TIME', rolledBack: false, timeline: [] };
  expect(canaryOutputs(stage)).toEqual({ final: 'stage BAKE_TIME', 'rolled-back': 'false', reason: '' });
});

test('the summary is a timeline of escaped cells, times since the start, then the verdict', () => {
  const section = canarySummary(rolledBack, 'listener rule of shop');
  expect(section.heading).toBe('Canary (ALB): listener rule of shop');
  expect(section.table.header).toEqual(['Time', 'Event', 'Traffic', 'Health', 'Alarms']);
  expect(section.table.rows.map((row) => row[0])).toEqual(['+0:00', '+1:15', '+1:02:05']);
  expect(section.table.rows[1]).toEqual(['+1:15', 'Bake 1/4 passed', 'canary 10%, stable 90%', '2/2 healthy', 'api-5xx OK']);
  expect(section.lines[1]).toContain('(&lt;5%)');
  expect(section.lines.join('')).not.toContain('<5%');
});

test('the step fails on a failure, and on a rollback it did not ask for', () => {
  expect(canaryFailure(rolledBack, 'walk')).toBe(rolledBack.failure);
  const { failure: _none, ...byEcs } = rolledBack;
  expect(canaryFailure(byEcs, 'walk')).toBe(rolledBack.reason);
  expect(canaryFailure({ ...byEcs, reason: 'Abort requested' }, 'abort')).toBeUndefined();
});
