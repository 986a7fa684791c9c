// The server's HTTP contract, as generated from openapi.json into @anxiao/api-client.
export { LANGS, type DemoAccount, type Lang, type Me } from '@anxiao/web-core';
