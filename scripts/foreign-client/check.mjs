// A client that knows only docs/contract.md: welcome, pong, a full five-event run, over the jwt subprotocol.
// Usage: node check.mjs <ws url> <token>
import WebSocket from 'ws';

const [url, token] = process.argv.slice(2);
const ws = new WebSocket(url, ['jwt-auth', 'jwt.' + Buffer.from(token).toString('base64url')]);
const seen = [];
const fail = (why) => { console.error('FAIL: ' + why + ' (seen: ' + seen.join(' ') + ')'); process.exit(1); };
const timer = setTimeout(() => fail('no full run within 10 s'), 10000);

ws.on('open', () => { if (ws.protocol !== 'jwt-auth') fail('subprotocol answer ' + ws.protocol); });
ws.on('error', (e) => fail(String(e)));
ws.on('message', (data) => {
  const frame = JSON.parse(data.toString());
  seen.push(frame.type);
  if (seen.length === 1) {
    if (frame.type !== 'system_message' || frame.data.event !== 'connection_established') fail('first frame is not the welcome');
    ws.send(JSON.stringify({ type: 'ping' }));
  } else if (frame.type === 'pong') {
    ws.send(JSON.stringify({ type: 'user_message', payload: { content: 'Why did my cloud bill go up?' } }));
  } else if (frame.type === 'agent_completed') {
    const run = seen.slice(seen.indexOf('agent_started'));
    const expected = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
    if (JSON.stringify(run) !== JSON.stringify(expected)) fail('run was ' + run.join(' '));
    if (frame.final_response.length <= 100 || frame.data.result !== frame.final_response) fail('final response');
    clearTimeout(timer);
    console.log('foreign client: welcome, pong and a five-event run over ' + url);
    ws.close(1000);
  }
});
