// The names the operating system files Pitboss under. electron-builder.config.cjs
// repeats them (it cannot import TypeScript); a unit test keeps the two equal,
// because a mismatch splits notifications and settings across two identities.
export const appId = 'com.pitboss.console';
export const productName = 'Pitboss';
