// A real OpenID Connect provider (panva/oidc-provider) for the portal's SSO tests.
// Usage: node provider.mjs <port> <redirect_uri>. Prints "ready <issuer>" once listening.
// Its development login screen accepts any login and password; the account's groups claim
// comes from GROUPS below, so tests pick a person by login name.
import Provider from "oidc-provider";

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const GROUPS = {
  "sso-architect": ["sres-architects", "everyone"],
  "sso-owner": ["service-owners"],
  "sso-nobody": ["everyone"],
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "portal",
      client_secret: "portal-test-secret",
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  scopes: ["openid", "email", "profile", "groups"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["preferred_username", "name"],
    groups: ["groups"],
  },
  features: { devInteractions: { enabled: true }, userinfo: { enabled: true } },
  cookies: { keys: ["portal-test-cookie-key"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: `${id}@example.com`,
          email_verified: true,
          preferred_username: id,
          name: id,
          groups: GROUPS[id] ?? [],
        };
      },
    };
  },
});

provider.listen(Number(port), "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
