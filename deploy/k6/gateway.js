// k6 load test of a running Gateway: a fixed request rate against one protected route, with one access token
// fetched from the Cognito (or local) token endpoint in setup(). A fixed rate (constant-arrival-rate) measures
// latency honestly: a closed-loop tool such as wrk slows its clients down when the gateway slows, hiding the tail.
//
//   k6 run deploy/k6/gateway.js                      # the quickstart: gateway on :8080, local token service on :9229
//   k6 run -e RATE=2000 -e DURATION=2m -e P99_MS=25 deploy/k6/gateway.js
//   k6 run -e TOKEN_URL=https://<domain>.auth.<region>.amazoncognito.com/oauth2/token \
//          -e CLIENT_ID=... -e CLIENT_SECRET=... -e SCOPE=orders/read -e TARGET_URL=https://gateway.example/orders/1 deploy/k6/gateway.js
//
// Settings (environment, -e NAME=value): TARGET_URL, TOKEN_URL, CLIENT_ID, CLIENT_SECRET, SCOPE (empty: every
// scope the client may have), RATE (requests per second), DURATION, PRE_ALLOCATED_VUS, MAX_VUS, P99_MS,
// EXPECTED_STATUS. The token lives for the client's access token validity (1 h by default): keep DURATION
// shorter than that, or every request after it gets 401.
import http from 'k6/http';
import { check } from 'k6';
import encoding from 'k6/encoding';

const TARGET_URL = __ENV.TARGET_URL || 'http://127.0.0.1:8080/';
const TOKEN_URL = __ENV.TOKEN_URL || 'http://127.0.0.1:9229/oauth2/token';
const CLIENT_ID = __ENV.CLIENT_ID || 'demo-client';
const CLIENT_SECRET = __ENV.CLIENT_SECRET || 'demo-secret';
const SCOPE = __ENV.SCOPE || '';
const RATE = Number(__ENV.RATE || 500);
const DURATION = __ENV.DURATION || '30s';
const P99_MS = Number(__ENV.P99_MS || 50);
const EXPECTED_STATUS = Number(__ENV.EXPECTED_STATUS || 200);

export const options = {
  scenarios: {
    protected_route: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      // Enough virtual users to keep the rate when each request takes up to about 100 ms; k6 warns
      // ("Insufficient VUs") and the rate drops if the gateway is slower than that.
      preAllocatedVUs: Number(__ENV.PRE_ALLOCATED_VUS || Math.max(10, Math.ceil(RATE / 20))),
      maxVUs: Number(__ENV.MAX_VUS || Math.max(50, Math.ceil(RATE / 5))),
    },
  },
  // Only the protected route's requests count: the token request in setup() is not what is being measured.
  thresholds: {
    'http_req_failed{name:protected}': ['rate<0.01'],
    'http_req_duration{name:protected}': [`p(99)<${P99_MS}`],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(99)', 'max'],
};

// client_credentials with HTTP Basic client authentication, as Cognito's /oauth2/token expects.
export function setup() {
  const form = { grant_type: 'client_credentials' };
  if (SCOPE) {
    form.scope = SCOPE;
  }

  const response = http.post(TOKEN_URL, form, {
    headers: {
      Authorization: `Basic ${encoding.b64encode(`${CLIENT_ID}:${CLIENT_SECRET}`)}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    tags: { name: 'token' },
  });
  if (response.status !== 200) {
    throw new Error(`token endpoint ${TOKEN_URL} answered ${response.status}: ${response.body}`);
  }

  return { token: response.json('access_token') };
}

export default function (data) {
  const response = http.get(TARGET_URL, {
    headers: { Authorization: `Bearer ${data.token}` },
    tags: { name: 'protected' },
    // A 401/403 is what is being checked, not a transport failure, when EXPECTED_STATUS asks for it.
    responseCallback: http.expectedStatuses(EXPECTED_STATUS),
  });
  check(response, { [`status is ${EXPECTED_STATUS}`]: (r) => r.status === EXPECTED_STATUS });
}
