import { isTransient, isUnreachable } from '../../../src/aws/error-kind.js';
import { awsError } from '../fake-aws.js';

/** Which errors a wait rides out (transient) and which of those mean AWS is not answering. */
test.each([
  ['a 5xx', true, true, awsError('ServerException', 'Service unavailable', 503)],
  ['a 500 without a name the SDK knows', true, true, awsError('UnknownError', 'oops', 500)],
  ['connection refused', true, true, Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' })],
  // Node's happy-eyeballs connect failure: the code alone says what happened.
  ['connection refused on every address', true, true, Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' })],
  [
    'a name that does not resolve',
    true,
    true,
    Object.assign(new Error('getaddrinfo ENOTFOUND ecs.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' }),
  ],
  ['a request timeout', true, true, Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' })],
  ['throttling', true, false, awsError('ThrottlingException', 'Rate exceeded')],
  ['a 429', true, false, awsError('TooManyRequests', 'slow down', 429)],
  ['access denied', false, false, awsError('AccessDeniedException', 'not authorized')],
  ['expired credentials', false, false, awsError('ExpiredTokenException', 'The security token included in the request is expired')],
  ['a bug', false, false, new TypeError("Cannot read properties of undefined (reading 'id')")],
])('%s: transient %s, unreachable %s', (_what, transient, unreachable, error) => {
  expect([isTransient(error), isUnreachable(error)]).toEqual([transient, unreachable]);
});
