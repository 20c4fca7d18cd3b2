// The credential chain for named profiles (shared config and credentials files, SSO, credential_process).
export { fromNodeProviderChain } from "@aws-sdk/credential-providers";
