// The ingress job in Node.js + Express + ioredis, for comparison only (bench/ingress.sh): POST /webhook checks
// X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret, constant-time compare), XADDs the raw body
// to wa:in and answers 200 once Redis accepted it (503 if not); GET /healthz answers 200. One process, like
// wa-ingress with INGRESS_THREADS=1. Environment: REDIS_URL, PORT, WHATSAPP_APP_SECRET, INGRESS_MAX_BODY_BYTES.
'use strict';
const crypto = require('crypto');
const express = require('express');
const Redis = require('ioredis');

const secret = process.env.WHATSAPP_APP_SECRET;
if (!secret) {
  console.error('WHATSAPP_APP_SECRET is required');
  process.exit(2);
}
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379/0');
const app = express();
app.disable('x-powered-by');
app.disable('etag');

app.get('/healthz', (req, res) => res.status(200).send('ok\n'));
app.post('/webhook',
  express.raw({ type: () => true, limit: Number(process.env.INGRESS_MAX_BODY_BYTES || 4194304) }),
  (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const header = req.get('x-hub-signature-256') || '';
    const want = 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');
    if (header.length !== want.length || !crypto.timingSafeEqual(Buffer.from(header), Buffer.from(want))) {
      return res.status(401).send('bad signature\n');
    }
    redis.xadd('wa:in', '*', 'body', body, 'received_at', String(Date.now()), 'app', 'master')
      .then(() => res.status(200).send('ok\n'))
      .catch(() => res.status(503).send('redis unavailable\n'));
  });

const server = app.listen(Number(process.env.PORT || 3000), '127.0.0.1');
server.keepAliveTimeout = 65000;
process.on('SIGTERM', () => { server.close(); redis.disconnect(); });
