/**
 * A stand-in for an AWS SDK client in unit tests: `send(command)` calls the handler named after
 * the command's class (RunTaskCommand -> RunTask) with the command's input and the calls so far,
 * and records the call.
 */
export type FakeHandlers = Record<string, (input: any, calls: FakeCall[]) => unknown>;

export interface FakeCall {
  operation: string;
  input: any;
}

export function fakeClient(handlers: FakeHandlers) {
  const calls: FakeCall[] = [];
  return {
    calls,
    names: () => calls.map((c) => c.operation),
    callsTo: (operation: string) => calls.filter((c) => c.operation === operation).map((c) => c.input),
    async send(command: any): Promise<any> {
      const operation = command.constructor.name.replace(/Command$/, '');
      calls.push({ operation, input: command.input });
      const handler = handlers[operation];
      if (!handler) throw new Error(`fake client: no handler for ${operation}`);
      return handler(command.input, calls);
    },
  };
}

/** An error shaped as the SDK raises service exceptions (name = the AWS error code). */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}
