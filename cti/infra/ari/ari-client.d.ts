// ari-client ships no types: this declares only the entry point; the REST surface is typed in rest.ts.
declare module 'ari-client' {
  type Operation = (params?: Record<string, unknown>) => Promise<unknown>;
  export interface RawAriClient {
    [resource: string]: unknown;
  }
  export function connect(url: string, user: string, password: string): Promise<RawAriClient>;
  const ari: { connect: typeof connect };
  export default ari;
  export type { Operation };
}
