package io.unipay.testkit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections have {@code TCP_NODELAY} set (see {@link
 * NoDelayServerSocketFactory}) and an idle limit: a read that waits longer than
 * the timeout for the next bytes (a keep-alive connection without a next request) closes the
 * connection from the server side and ends the server's stream, as a gateway closes idle
 * connections. A request being answered slowly is not affected (nothing is read meanwhile). The
 * client is not told; its next request on that connection meets a closed socket.
 */
public final class IdleClosingServerSocketFactory extends ServerSocketFactory {
  private final int timeoutMillis;

  /** Connections idle for {@code timeout} are closed by the server; must be positive. */
  public IdleClosingServerSocketFactory(Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeoutMillis = (int) timeout.toMillis();
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new IdleClosingServerSocket();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket socket = new IdleClosingServerSocket();
    socket.bind(new InetSocketAddress(port));
    return socket;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket socket = new IdleClosingServerSocket();
    socket.bind(new InetSocketAddress(port), backlog);
    return socket;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    ServerSocket socket = new IdleClosingServerSocket();
    socket.bind(new InetSocketAddress(address, port), backlog);
    return socket;
  }

  private final class IdleClosingServerSocket extends ServerSocket {
    IdleClosingServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket socket = new IdleClosingSocket();
      implAccept(socket);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(timeoutMillis);
      return socket;
    }
  }

  /** A socket whose reads, idle for the timeout, close it and report the end of the stream. */
  private static final class IdleClosingSocket extends Socket {
    @Override
    public InputStream getInputStream() throws IOException {
      Socket socket = this;
      return new FilterInputStream(super.getInputStream()) {
        @Override
        public int read() throws IOException {
          try {
            return super.read();
          } catch (SocketTimeoutException e) {
            socket.close();
            return -1;
          }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          try {
            return super.read(b, off, len);
          } catch (SocketTimeoutException e) {
            socket.close();
            return -1;
          }
        }
      };
    }
  }
}
