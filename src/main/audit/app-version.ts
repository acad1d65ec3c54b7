// The application version every record carries, read from package.json at
// build time (the bundler inlines it; Node reads it under type stripping).
import packageJson from '../../../package.json' with { type: 'json' };

export const appVersion: string = packageJson.version;
