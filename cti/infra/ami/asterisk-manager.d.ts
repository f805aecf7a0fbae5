// asterisk-manager ships no types: just what ami/connection.ts uses.
declare module 'asterisk-manager' {
  interface ManagerInstance {
    on(event: string, listener: (...args: never[]) => void): void;
    once(event: string, listener: (...args: never[]) => void): void;
    removeAllListeners(event?: string): void;
    connect(port: number, host: string, callback: (err: Error | null) => void): void;
    login(callback: (err: Record<string, string> | null) => void): void;
    action(
      action: Record<string, string>,
      callback: (err: Record<string, string> | undefined, res: Record<string, string>) => void,
    ): void;
    disconnect(callback?: () => void): void;
    isConnected(): boolean;
  }
  function Manager(
    port: number | undefined,
    host: string,
    username: string,
    password: string,
    events: boolean,
  ): ManagerInstance;
  export default Manager;
  export type { ManagerInstance };
}
