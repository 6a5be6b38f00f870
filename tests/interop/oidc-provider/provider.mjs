// Starts panva/node-oidc-provider on 127.0.0.1:PORT for AccessBroker's interoperability test.
// Usage: node provider.mjs PORT [AUDIENCE]. Prints "ready ISSUER" once it listens.
// Client "automation" (secret "automation-secret") gets RS256 JWT access tokens (typ at+jwt) for the
// resource AUDIENCE through client credentials, with a groups claim added by extraTokenClaims.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const audience = process.argv[3] ?? 'urn:accessbroker';
const issuer = `http://127.0.0.1:${port}`;

// A fresh signing key per run, so two instances never share keys (the library's built-in key is public).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  jwks: { keys: [signingKey] },
  clients: [
    {
      client_id: 'automation',
      client_secret: 'automation-secret',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope: 'api',
    },
  ],
  scopes: ['api'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    // RFC 8707: access tokens are JWTs only for a resource server that asks for them.
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (resourceIndicator !== audience) {
          throw new Error(`unknown resource ${resourceIndicator}`);
        }
        return { scope: 'api', audience, accessTokenFormat: 'jwt', accessTokenTTL: 300, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  extraTokenClaims: () => ({ name: 'Automation (oidc-provider)', groups: ['payments-devs', 'security-auditors'] }),
});

provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
