using System;
using System.Globalization;
using System.Net.Sockets;
using System.Threading;

namespace KevyElect.Net
{
    /// <summary>
    /// Bounds socket operations by a timeout and the caller's token. netstandard2.0 socket calls take
    /// no token, so on either trigger the socket is disposed, which fails the pending call at once;
    /// <see cref="Translate"/> then turns that failure into what actually happened.
    /// </summary>
    internal sealed class SocketDeadline : IDisposable
    {
        private const int NotFired = 0, TimedOutState = 1, CancelledState = 2;

        private readonly Socket _socket;
        private readonly CancellationToken _caller;
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenRegistration _timerRegistration;
        private readonly CancellationTokenRegistration _callerRegistration;
        private int _state;

        internal SocketDeadline(Socket socket, TimeSpan timeout, CancellationToken caller)
        {
            _socket = socket;
            _caller = caller;
            Timeout = timeout;
            _timer = new CancellationTokenSource();
            _timerRegistration = _timer.Token.Register(() => Fire(TimedOutState));
            _callerRegistration = caller.Register(() => Fire(CancelledState));
            if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
                _timer.CancelAfter(timeout);
        }

        internal TimeSpan Timeout { get; }

        /// <summary>True once the timeout or the caller's token aborted the socket.</summary>
        internal bool Fired => Volatile.Read(ref _state) != NotFired;

        internal string TimeoutText => ((long)Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";

        private void Fire(int state)
        {
            if (Interlocked.CompareExchange(ref _state, state, NotFired) != NotFired) return;
            try { _socket.Dispose(); } catch (Exception) { /* already gone */ }
        }

        /// <summary>The exception to throw for a failure of an operation run under this deadline.</summary>
        internal Exception Translate(Exception failure, string endpoint, bool connecting)
        {
            int state = Volatile.Read(ref _state);
            if (state == CancelledState || (_caller.IsCancellationRequested && state != TimedOutState))
                return new OperationCanceledException($"{endpoint}: cancelled", failure, _caller);
            if (state == TimedOutState)
            {
                return connecting
                    ? new KevyNetException(endpoint, KevyNetErrorKind.ConnectTimeout, "no TCP connection within " + TimeoutText, failure)
                    : new KevyNetException(endpoint, KevyNetErrorKind.Timeout, "no reply within " + TimeoutText, failure);
            }
            return KevyNetException.FromSocket(endpoint, failure, connecting);
        }

        /// <summary>True for the exceptions a socket call throws when it fails or is aborted.</summary>
        internal static bool IsSocketFailure(Exception e) => e is SocketException || e is ObjectDisposedException || e is System.IO.IOException && e is not KevyNetException;

        public void Dispose()
        {
            // Disposing a registration waits for a running callback, so Fired is final afterwards.
            _timerRegistration.Dispose();
            _callerRegistration.Dispose();
            _timer.Dispose();
        }
    }
}
