// The yardstick: a bare Node http server answering a fixed string. It runs as a child process
// like the app, so both are measured the same way (same client, same machine, same sampling).
import http from "node:http";

const body = "Hello from a bare Node http server\n";
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.env.PORT), "127.0.0.1");
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
