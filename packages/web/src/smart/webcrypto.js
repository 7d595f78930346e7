// fhirclient reaches for isomorphic-webcrypto only where the platform has no Web Crypto; every browser the
// app supports has it, so the polyfill is left out of the build.
export default globalThis.crypto;
