using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>
    /// A node's election listener on 127.0.0.1, as the reference runs it: it accepts anyone, reads
    /// frames with a <see cref="FrameReader"/>, never writes a byte back, and drops a connection on a
    /// decode error or a 16 KiB unparsed backlog. The sender's identity is whatever the message says.
    /// While the node is paused nothing is read: frames wait in the kernel.
    /// </summary>
    internal sealed class LabElectListener : IDisposable
    {
        private readonly Action<ElectMessage, string> _onFrame;
        private readonly Action<string, string> _onDrop;
        private readonly LabPauseGate _gate;
        private readonly LoopbackAcceptor _acceptor;

        /// <param name="onFrame">Called with each decoded frame and the remote endpoint it came from.</param>
        /// <param name="onDrop">Called with the remote endpoint and the reason when a connection is dropped for a bad stream.</param>
        /// <param name="gate">The node's pause gate.</param>
        public LabElectListener(Action<ElectMessage, string> onFrame, Action<string, string> onDrop, LabPauseGate gate)
        {
            _onFrame = onFrame;
            _onDrop = onDrop;
            _gate = gate;
            _acceptor = new LoopbackAcceptor(ReadLoopAsync);
        }

        public bool IsListening => _acceptor.IsListening;

        /// <summary>Inbound connections currently open.</summary>
        public int ConnectionCount => _acceptor.ConnectionCount;

        /// <summary>Binds 127.0.0.1:<paramref name="port"/> and starts accepting.</summary>
        public void Start(int port)
        {
            if (!_acceptor.TryStart(port, out _)) throw new InvalidOperationException("the elect listener is already running");
        }

        /// <summary>Closes the listener and every inbound connection, then waits for the loops to end.</summary>
        public void Stop() => _acceptor.Stop();

        /// <summary>Same as <see cref="Stop"/>.</summary>
        public void Dispose() => Stop();

        private async Task ReadLoopAsync(Socket socket, CancellationToken stopping)
        {
            string remote = socket.RemoteEndPoint?.ToString() ?? "?";
            var reader = new FrameReader();
            var buffer = new byte[4096];
            try
            {
                using (var stream = new NetworkStream(socket, ownsSocket: false))
                {
                    while (!stopping.IsCancellationRequested)
                    {
                        await _gate.WaitAsync(stopping).ConfigureAwait(false);
                        int read = await stream.ReadAsync(buffer, 0, buffer.Length, stopping).ConfigureAwait(false);
                        if (read == 0) return;
                        reader.Feed(new ReadOnlySpan<byte>(buffer, 0, read));
                        while (reader.TryRead(out ElectMessage? message))
                        {
                            // A frame read just before a pause is handled after it, as by a stopped process.
                            await _gate.WaitAsync(stopping).ConfigureAwait(false);
                            _onFrame(message!, remote);
                        }
                        if (reader.IsFaulted)
                        {
                            _onDrop(remote, reader.BufferLimitExceeded
                                ? $"more than {FrameReader.MaxBufferedBytes} bytes without a complete frame"
                                : "decode error " + reader.Error);
                            return; // closed silently, nothing is written back
                        }
                    }
                }
            }
            catch (OperationCanceledException) { }
            catch (System.IO.IOException) { }
            catch (ObjectDisposedException) { }
            catch (SocketException) { }
        }
    }
}
