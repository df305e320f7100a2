/**
 * A scripted ECS client for unit tests: answers each command by name from handlers the test
 * gives, and records every call (name and input) for assertions.
 */
export interface FakeCall {
  name: string;
  input: any;
}

export function fakeEcs(handlers: Record<string, (input: any, calls: FakeCall[]) => unknown>) {
  const calls: FakeCall[] = [];
  return {
    calls,
    names: () => calls.map((c) => c.name),
    async send(command: { constructor: { name: string }; input: unknown }): Promise<any> {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      const handler = handlers[name];
      if (!handler) throw new Error(`fake ECS has no ${name}`);
      return handler(command.input, calls);
    },
  } as any;
}

export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}
