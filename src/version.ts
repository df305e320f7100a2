/** Sent in every AWS user agent, so requests from the toolkit can be told apart in CloudTrail. */
export const TOOLKIT_NAME = 'ecs-ship';
export const TOOLKIT_VERSION = '0.1.0';
