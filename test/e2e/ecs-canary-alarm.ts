import type { ChildProcess } from 'node:child_process';
import type { Simulator } from '../aws-sim/server.js';
import { putMetricAlarmForTest, setAlarmState } from '../aws-sim/services/cloudwatch/state.js';
import { whenPrinted } from './deploy-service-fixtures.js';

/**
 * The alarm an ECS CANARY deployment rolls back on: created in OK; the returned `onStart` fires it
 * (a datapoint over the threshold) once the step prints that `service`'s deployment is in its bake.
 */
export function alarmDuringBake(sim: Simulator, o: { alarm: string; service: string }): { onStart: (child: ChildProcess) => void } {
  putMetricAlarmForTest(sim.world, o.alarm);
  setAlarmState(sim.world, o.alarm, 'OK', 'Threshold Crossed: no datapoints were above the threshold');
  return {
    onStart: (child) =>
      void whenPrinted(child, `${o.service}: CANARY deployment in progress at BAKE_TIME`).then(() =>
        setAlarmState(sim.world, o.alarm, 'ALARM', 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).'),
      ),
  };
}
