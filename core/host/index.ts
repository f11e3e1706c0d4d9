export { type CgroupMemory, readCgroupMemory } from './cgroup.js'
export { hostFingerprint } from './fingerprint.js'
