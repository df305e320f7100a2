/** Types of the canary router (index.mjs), for the tests that call it. */
export interface CfHeader {
  key?: string;
  value: string;
}
export type CfHeaders = Record<string, CfHeader[]>;
export interface CfEvent {
  Records: Array<{ cf: { config: { eventType: string; [key: string]: unknown }; request: any; response?: any } }>;
}
export declare const WEIGHT_HEADER: 'x-canary-weight';
export declare const ORIGIN_HEADER: 'x-canary-origin';
export declare const COOKIE_NAME: 'ecs-ship-canary';
export declare const COOKIE_MAX_AGE_SECONDS: number;
export declare function parseWeight(value: string | undefined): number | undefined;
export declare function parseCanaryOrigin(value: string | undefined): string | undefined;
export declare function bucketFromCookies(headers: CfHeaders | undefined): number | undefined;
export declare function createHandler(options?: { random?: (n: number) => number }): (event: CfEvent) => Promise<any>;
export declare const handler: (event: CfEvent) => Promise<any>;
