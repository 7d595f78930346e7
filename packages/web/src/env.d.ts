/// <reference types="vite/client" />

/** The engine version stamped on reports (this package's version, set by the build). */
declare const __HEMOSENTINEL_VERSION__: string;
