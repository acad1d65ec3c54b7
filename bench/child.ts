// The bench's child processes: forked with typed IPC, every one killed and
// every temp folder removed however the run ends.
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineCommand, BaselineEvent } from './baseline-server.ts';
import type { ClientCommand, ClientEvent } from './client-messages.ts';
import { benchDir, log } from './log.ts';
import type { ServerCommand, ServerEvent } from './server-process.ts';

export const children = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Temp folders to remove however the run ends. */
export const temporaryDirs = new Set<string>();

// Whatever ends this process, no child outlives it and no temp data stays behind.
process.on('exit', () => {
  killAll();
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping every child`);
    killAll();
    process.exit(130);
  });
}

type Waiter<Event> = {
  match: (event: Event) => boolean;
  resolve: (event: Event) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

/** A forked child speaking typed IPC; messages wait in an inbox until someone asks for them. */
export class Child<Command, Event extends { type: string }> {
  readonly name: string;
  readonly process: ChildProcess;
  readonly #inbox: Event[] = [];
  #waiters: Waiter<Event>[] = [];
  #failure: Error | null = null;
  onEvent: ((event: Event) => boolean) | null = null;

  constructor(name: string, file: string, execArgv: string[] = []) {
    this.name = name;
    this.process = fork(join(benchDir, file), [], {
      execArgv: ['--disable-warning=ExperimentalWarning', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    children.add(this.process);
    this.process.on('message', (event: Event) => {
      if (event.type === 'fatal') {
        this.#fail(new Error(`${name}: ${(event as { message?: string }).message ?? 'fatal'}`));
        return;
      }
      if (this.onEvent?.(event)) return;
      const waiter = this.#waiters.find((candidate) => candidate.match(event));
      if (waiter) {
        this.#waiters = this.#waiters.filter((candidate) => candidate !== waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(event);
        return;
      }
      this.#inbox.push(event);
    });
    this.process.on('exit', (code, signal) => {
      children.delete(this.process);
      this.#fail(new Error(`${name} exited (code ${code}, signal ${signal})`));
    });
    this.process.on('error', (error) => this.#fail(error));
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  send(command: Command): void {
    if (this.process.connected) this.process.send(command as object);
  }

  next<Type extends Event['type']>(
    type: Type,
    timeoutMs: number,
    where: (event: Extract<Event, { type: Type }>) => boolean = () => true,
  ): Promise<Extract<Event, { type: Type }>> {
    const match = (event: Event): boolean => event.type === type && where(event as Extract<Event, { type: Type }>);
    const index = this.#inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.#inbox.splice(index, 1)[0] as Extract<Event, { type: Type }>);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolveNext, rejectNext) => {
      const waiter: Waiter<Event> = {
        match,
        resolve: (event) => resolveNext(event as Extract<Event, { type: Type }>),
        reject: rejectNext,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((candidate) => candidate !== waiter);
          rejectNext(new Error(`${this.name}: no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  async request<Type extends Event['type']>(command: Command, type: Type, timeoutMs = 30_000): Promise<Extract<Event, { type: Type }>> {
    const reply = this.next(type, timeoutMs);
    this.send(command);
    return reply;
  }

  /** Asks nicely (the command, or closing the IPC channel, which the children exit on), then SIGKILL after the grace period. */
  async stop(command: Command | null, graceMs: number): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolveExit) => this.process.once('exit', () => resolveExit()));
    if (command !== null) this.send(command);
    else if (this.process.connected) this.process.disconnect();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiting) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}

export type ServerChild = Child<ServerCommand | { type: 'init'; dataDir: string; staticDir: string; maxLifetimeMs: number; profileDir: string | null }, ServerEvent>;
export type ClientChild = Child<ClientCommand, ClientEvent>;
export type BaselineChild = Child<BaselineCommand | { type: 'init'; maxLifetimeMs: number }, BaselineEvent>;
