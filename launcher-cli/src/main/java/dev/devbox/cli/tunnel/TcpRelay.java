package dev.devbox.cli.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * `devbox proxy` of a public box: plain TCP to its address, so that one ProxyCommand serves
 * public and private boxes alike. Ends when either side closes.
 */
public final class TcpRelay {
    private final Duration connectTimeout;

    public TcpRelay(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public void relay(String host, int port, InputStream in, OutputStream out) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            OutputStream toBox = socket.getOutputStream();
            Thread sender = new Thread(() -> {
                try {
                    in.transferTo(toBox);
                    socket.shutdownOutput(); // ssh closed its side: the box sees end of file
                } catch (IOException e) {
                    // the socket closed under us: the receiving side ends the relay
                }
            }, "devbox-proxy-send");
            sender.setDaemon(true);
            sender.start();
            InputStream fromBox = socket.getInputStream();
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = fromBox.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }
}
