// One schema migration, as the files of migrations/ each export one and
// openDatabase applies them in order (migrations/index.ts lists them).

export type Migration = {
  /** 1, 2, 3, ...: stored in PRAGMA user_version once applied. */
  version: number;
  name: string;
  /** SQL run in one transaction together with the user_version bump. */
  up: string;
};
