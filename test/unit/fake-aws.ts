/**
 * A stand-in for an AWS SDK client in unit tests: `send(command)` calls the handler named after
 * the command's class (RunTaskCommand -> RunTask) with the command's input, and records the call.
 */
export type FakeHandlers = Record<string, (input: any) => unknown>;

export function fakeClient(handlers: FakeHandlers) {
  const calls: Array<{ operation: string; input: any }> = [];
  return {
    calls,
    callsTo: (operation: string) => calls.filter((c) => c.operation === operation).map((c) => c.input),
    async send(command: any): Promise<any> {
      const operation = command.constructor.name.replace(/Command$/, '');
      calls.push({ operation, input: command.input });
      const handler = handlers[operation];
      if (!handler) throw new Error(`fake client: no handler for ${operation}`);
      return handler(command.input);
    },
  };
}

/** An error shaped as the SDK raises service exceptions (name = the AWS error code). */
export function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}
