package org.djgc.devtools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy that adds a fixed delay to every HTTP request, for the S3 benchmark's {@code
 * --latency-ms}: {@code latency-proxy PORT TARGET_HOST:TARGET_PORT MS} listens on 127.0.0.1:PORT
 * and forwards to the target, holding back the first bytes of each request on a connection (bytes
 * from the client after the server last answered, or the first ever) for MS milliseconds. One
 * delay per request, whatever the request, as a network round trip to a distant S3 endpoint adds;
 * requests on different connections are delayed side by side, so concurrency pays off as it would
 * against a real endpoint. The requests still reach S3Proxy, which keeps counting them.
 */
final class LatencyProxy {
  private LatencyProxy() {}

  static void run(int port, String target, long delayMillis) throws IOException {
    int colon = target.lastIndexOf(':');
    String host = target.substring(0, colon);
    int targetPort = Integer.parseInt(target.substring(colon + 1));
    try (ServerSocket server = new ServerSocket(port, 512, InetAddress.getLoopbackAddress())) {
      System.out.println("latency proxy listening on 127.0.0.1:" + port + " -> " + target + ", " + delayMillis
          + " ms per request");
      System.out.flush();
      while (true) {
        Socket client = server.accept();
        Socket upstream = new Socket(host, targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        AtomicBoolean answered = new AtomicBoolean(true); // the next client bytes start a request
        start(() -> pump(client, upstream, () -> {
          if (answered.getAndSet(false)) {
            sleep(delayMillis);
          }
        }));
        start(() -> pump(upstream, client, () -> answered.set(true)));
      }
    }
  }

  private static void start(Runnable task) {
    Thread thread = new Thread(task, "latency-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Copies {@code from} to {@code to}, running {@code beforeEachChunk} before forwarding each chunk read. */
  private static void pump(Socket from, Socket to, Runnable beforeEachChunk) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        beforeEachChunk.run();
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // the connection ended
    } finally {
      close(from);
      close(to);
    }
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
