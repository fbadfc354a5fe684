// The public key a self-hosted Tollgate checks licenses with, unless LICENSE_PUBLIC_KEY names another (a fork that
// issues its own). Its private half is never in this repository. This one is a placeholder made on a development
// machine whose private half was not kept: before the first release, the vendor runs `npm run cli -- license keygen`
// on the machine that will sign licenses and puts the printed public key here.
export const VENDOR_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEABVPAzrrjjQsP02P/rg55pOodFjGrzKb8MTdx4PZglnI=
-----END PUBLIC KEY-----
`;
