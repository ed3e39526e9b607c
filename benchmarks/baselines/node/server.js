// The Node.js baseline of benchmarks/live_path.py: socket.io 4 doing what bare_server.py does.
// node server.js PAYLOADS.json PORT
// /display `watch` joins room stage:K and replies with the stage's payload; a /judge `submit` is
// acknowledged, then the payload goes to the room with seq + 1 (one broadcast per submit).
// Python's json module escapes every non-ASCII character (\uXXXX) and so does this server's encoder,
// so the bytes on the wire are Podium's.
'use strict';

const fs = require('fs');
const http = require('http');
const { Server } = require('socket.io');
const parser = require('socket.io-parser');

const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const payloads = data.stages;
const stageOfToken = data.judges;
const seqs = {};
for (const key of Object.keys(payloads)) { seqs[key] = payloads[key].seq; }
const revisions = new Map();

function snapshot(stage) {
  return Object.assign({}, payloads[stage], { seq: seqs[stage] });
}

class AsciiEncoder extends parser.Encoder {
  encodeAsString(packet) {
    return super.encodeAsString(packet).replace(/[\u007f-\uffff]/g,
      (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
}

const server = http.createServer((req, res) => {
  const match = /^\/api\/v1\/stages\/([^/]+)\/standings$/.exec(req.url);
  if (!match || !payloads[match[1]]) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(snapshot(match[1])));
});

const io = new Server(server, {
  transports: ['websocket', 'polling'],
  pingInterval: 10000,
  pingTimeout: 10000,
  maxHttpBufferSize: 64 * 1024,
  parser: { Encoder: AsciiEncoder, Decoder: parser.Decoder },
});

io.of('/display').on('connection', (socket) => {
  socket.on('watch', (message) => {
    const stage = message && message.stage;
    if (!Object.prototype.hasOwnProperty.call(payloads, stage)) {
      socket.emit('error', { error: 'unknown_stage', message: 'Name a stage to watch.' });
      return;
    }
    socket.join('stage:' + stage);
    socket.emit('standings', snapshot(stage));
  });
});

const judges = io.of('/judge');
judges.use((socket, next) => {
  const stage = stageOfToken[(socket.handshake.auth || {}).token];
  if (!stage) { next(new Error('bad_token')); return; }
  socket.data.stage = stage;
  next();
});
judges.on('connection', (socket) => {
  socket.on('submit', (message, ack) => {
    const stage = socket.data.stage;
    const key = socket.id + ' ' + (message && message.entry);
    revisions.set(key, (revisions.get(key) || 0) + 1);
    seqs[stage] += 1;
    if (typeof ack === 'function') { ack({ ok: true, revision: revisions.get(key) }); }
    io.of('/display').to('stage:' + stage).emit('standings', snapshot(stage));
  });
});

server.listen(Number(process.argv[3]), '127.0.0.1');
