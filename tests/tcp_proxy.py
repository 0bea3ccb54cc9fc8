"""A small TCP forwarder on 127.0.0.1 that a test can cut and restore, like a network outage."""

from __future__ import annotations

import selectors
import socket
import threading


class TcpProxy:
    """Forward ``127.0.0.1:port`` to ``target``; ``stop()`` cuts every connection at once.

    ``start()`` again listens on the same port, so a client configured with it finds
    the server back, as after a network outage.
    """

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> TcpProxy:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._stopping.clear()
        self._spawn(self._accept)
        return self

    def stop(self) -> None:
        """Close the port and every open connection; return when all threads have ended."""
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = [t for t in self._threads if t.is_alive()]
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _track(self, *socks: socket.socket) -> None:
        with self._lock:
            self._sockets.update(socks)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._track(client)
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            self._track(upstream)
            self._spawn(self._pump, client, upstream)

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        peer = {client: upstream, upstream: client}
        with selectors.DefaultSelector() as selector:
            for sock in peer:
                sock.settimeout(5)  # a reader that stalls cannot hang the proxy for long
                selector.register(sock, selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _ in selector.select(timeout=0.05):
                    try:
                        data = key.fileobj.recv(65536)
                        if data:
                            peer[key.fileobj].sendall(data)
                            continue
                    except OSError:
                        pass
                    self._close(client, upstream)
                    return
        self._close(client, upstream)

    def _close(self, *socks: socket.socket) -> None:
        with self._lock:
            for sock in socks:
                sock.close()
                self._sockets.discard(sock)
