// electron-builder: `npm run dist` builds the installers for the platform it
// runs on (README, "Desktop packaging"). CommonJS because package.json says
// "type": "module" and electron-builder loads this file with require().
// appId and productName repeat src/main/desktop/identity.ts; a unit test keeps them equal.

/** Every prebuilt better-sqlite3 binary except the ones a platform runs. */
const foreignPrebuilds = (keep) =>
  ['darwin', 'linux', 'linuxmusl', 'win32'].filter((os) => !keep.includes(os)).map((os) => `!**/node_modules/better-sqlite3/prebuilds/${os}-*.node`);

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'com.pitboss.console',
  productName: 'Pitboss',
  copyright: 'Copyright © Pitboss',
  directories: { output: 'dist', buildResources: 'resources' },

  // The built app (electron-vite's out/) and package.json; electron-builder
  // adds the production dependencies' node_modules by itself.
  files: [
    'out/**',
    'package.json',
    '!out/**/*.map',
    // better-sqlite3 ships its C sources next to the binaries; the app needs only the binaries.
    '!**/node_modules/better-sqlite3/{deps,src}/**',
    '!**/node_modules/better-sqlite3/binding.gyp',
  ],
  asar: true,
  // Native code cannot be loaded from inside an asar archive: the SQLite
  // addon is unpacked beside it (app.asar.unpacked), where Electron finds it.
  asarUnpack: ['**/node_modules/better-sqlite3/**'],
  // better-sqlite3 loads N-API prebuilds (ABI-stable across Node and
  // Electron), so nothing is recompiled for Electron's headers.
  npmRebuild: false,
  nodeGypRebuild: false,

  // Flipped in the Electron binary before signing: the packaged app cannot be
  // turned into a generic Node runtime or debugger, and runs only the code in
  // its own (integrity-checked) app.asar.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },

  linux: {
    target: ['AppImage', 'deb'],
    category: 'Game',
    executableName: 'pitboss',
    synopsis: 'Live-dealer casino table and operator console',
    maintainer: 'Pitboss maintainers <maintainers@pitboss.invalid>',
    files: foreignPrebuilds(['linux']),
  },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },

  win: {
    target: ['nsis'],
    files: foreignPrebuilds(['win32']),
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    // The dealer's database lives in %APPDATA%\Pitboss and survives an uninstall.
    deleteAppDataOnUninstall: false,
  },

  mac: {
    target: ['dmg'],
    category: 'public.app-category.casino-games',
    hardenedRuntime: true,
    files: foreignPrebuilds(['darwin']),
  },
  dmg: { title: '${productName} ${version}' },
};
