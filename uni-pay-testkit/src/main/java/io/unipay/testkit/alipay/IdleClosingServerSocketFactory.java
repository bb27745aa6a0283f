package io.unipay.testkit.alipay;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose connections have {@code TCP_NODELAY} and, when {@code idleMillis > 0}, a
 * read timeout: a keep-alive connection that waits longer than that for its next request is
 * closed by the server, as real gateways and load balancers close idle connections.
 */
final class IdleClosingServerSocketFactory extends ServerSocketFactory {
  private final int idleMillis;

  IdleClosingServerSocketFactory(int idleMillis) {
    this.idleMillis = idleMillis;
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new Server();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket socket = new Server();
    socket.bind(new InetSocketAddress(port));
    return socket;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket socket = new Server();
    socket.bind(new InetSocketAddress(port), backlog);
    return socket;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    ServerSocket socket = new Server();
    socket.bind(new InetSocketAddress(address, port), backlog);
    return socket;
  }

  private final class Server extends ServerSocket {
    Server() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket socket = idleMillis > 0 ? new IdleClosingSocket() : new Socket();
      implAccept(socket);
      socket.setTcpNoDelay(true);
      if (idleMillis > 0) socket.setSoTimeout(idleMillis);
      return socket;
    }
  }

  /** Closes itself (FIN to the client) when a read waits longer than the idle timeout. */
  private static final class IdleClosingSocket extends Socket {
    private volatile InputStream in;

    @Override
    public InputStream getInputStream() throws IOException {
      if (in == null) {
        InputStream raw = super.getInputStream();
        in =
            new FilterInputStream(raw) {
              @Override
              public int read() throws IOException {
                try {
                  return super.read();
                } catch (SocketTimeoutException e) {
                  IdleClosingSocket.this.close();
                  throw e;
                }
              }

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                try {
                  return super.read(b, off, len);
                } catch (SocketTimeoutException e) {
                  IdleClosingSocket.this.close();
                  throw e;
                }
              }
            };
      }
      return in;
    }
  }
}
