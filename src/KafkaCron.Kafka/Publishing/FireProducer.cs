using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Native;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// librdkafka's producer, driven directly for fires: 0.7-1.5 µs and no allocation per record here, where Confluent.Kafka's
/// <c>Produce</c> takes 1.6-2.1 µs and 1.1-1.4 KB (FirePublishingBenchmarks, several runs). Per record that copies the topic name to native
/// memory for librdkafka to look the topic up again, encodes and pins each header's name, builds a header list, and
/// allocates a message, a headers object and a handle for its delivery handler. Here the topic is a handle kept per
/// topic, header names are encoded once, the fire id is encoded on the stack, and the fire itself is the record's
/// opaque: one <see cref="GCHandle"/> per fire, freed by its delivery report (docs/decisions/native-fire-producer.md).
/// Publishing is the only thing this producer does; the transactional publisher and every other client stay on
/// Confluent.Kafka.
/// </summary>
internal sealed unsafe class FireProducer : IDisposable
{
    private const int ProduceArguments = 9;

    // Live as long as the process: the header names and constant values every fire's record points at.
    private static readonly NativeText FireIdName = NativeText.Of(FireHeaders.FireId);
    private static readonly NativeText SchemaVersionName = NativeText.Of(FireHeaders.SchemaVersion);
    private static readonly NativeText ContentTypeName = NativeText.Of(FireHeaders.ContentType);
    private static readonly NativeText SchemaVersion =
        NativeText.Of(FireMessage.CurrentSchemaVersion.ToString(CultureInfo.InvariantCulture));
    private static readonly NativeText ContentType = NativeText.Of(FireHeaders.JsonContentType);

    private readonly IntPtr _handle;
    private readonly GCHandle _self;
    private readonly Action<Error> _onError;
    private readonly Action<LogMessage> _onLog;
    private readonly string _name;
    private readonly ConcurrentDictionary<string, IntPtr> _topicHandles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IntPtr, string> _topicNames = new();
    private readonly Lock _topicsOpening = new();
    private readonly Thread _poller;
    private volatile bool _stopping;
    private int _disposed;

    /// <param name="settings">librdkafka properties; Confluent.Kafka's own (<c>dotnet.*</c>) are skipped.</param>
    /// <param name="onError">Errors the client reports on its own (brokers down, fatal idempotence errors).</param>
    /// <param name="onLog">librdkafka's log lines, from any of its threads.</param>
    public FireProducer(IEnumerable<KeyValuePair<string, string>> settings, Action<Error> onError, Action<LogMessage> onLog)
    {
        LibrdkafkaNative.EnsureResolver();
        _onError = onError;
        _onLog = onLog;
        _name = settings.FirstOrDefault(setting => setting.Key == "client.id").Value ?? "kcron";
        _self = GCHandle.Alloc(this);

        var conf = LibrdkafkaNative.ConfNew();
        if (LibrdkafkaNative.ConfSetAll(conf, settings) is [var (name, reason), ..])
        {
            LibrdkafkaNative.ConfDestroy(conf);
            _self.Free();
            throw new ArgumentException($"Kafka client setting {name}: {reason}", nameof(settings));
        }

        LibrdkafkaNative.ConfSetOpaque(conf, GCHandle.ToIntPtr(_self));
        LibrdkafkaNative.ConfSetDeliveryReportCallback(conf, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, LibrdkafkaNative.Message*, IntPtr, void>)&OnDelivery);
        LibrdkafkaNative.ConfSetErrorCallback(conf, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr, IntPtr, void>)&OnError);
        LibrdkafkaNative.ConfSetLogCallback(conf, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr, IntPtr, void>)&OnLog);
        var errors = new byte[512];
        _handle = LibrdkafkaNative.KafkaNew(LibrdkafkaNative.ProducerType, conf, errors, (UIntPtr)errors.Length);
        if (_handle == IntPtr.Zero)
        {
            // rd_kafka_new keeps the configuration only when it succeeds.
            LibrdkafkaNative.ConfDestroy(conf);
            _self.Free();
            throw new InvalidOperationException("librdkafka refused to create the fire producer: " + LibrdkafkaNative.Text(errors));
        }

        _poller = new Thread(Serve) { IsBackground = true, Name = "kcron-fire-acks" };
        _poller.Start();
    }

    /// <summary>Queues <paramref name="fire"/>'s record; its delivery report comes later unless this returns an error.</summary>
    public Error? Produce(string topic, OutgoingFire fire)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var topicHandle = TopicHandle(topic);
        var fireIdLength = Encoding.UTF8.GetMaxByteCount(fire.FireId.Length);
        Span<byte> fireId = fireIdLength <= 256 ? stackalloc byte[fireIdLength] : new byte[fireIdLength];
        fireIdLength = Encoding.UTF8.GetBytes(fire.FireId, fireId);
        var opaque = GCHandle.Alloc(fire);
        fixed (byte* key = fire.Key)
        fixed (byte* value = fire.Value)
        fixed (byte* id = fireId)
        {
            var arguments = stackalloc LibrdkafkaNative.ProduceArgument[ProduceArguments]
            {
                LibrdkafkaNative.ProduceArgument.Of(LibrdkafkaNative.ArgumentType.TopicHandle, topicHandle),
                LibrdkafkaNative.ProduceArgument.Of(LibrdkafkaNative.ArgumentType.Partition, LibrdkafkaNative.PartitionUnassigned),
                LibrdkafkaNative.ProduceArgument.Of(LibrdkafkaNative.ArgumentType.MessageFlags, LibrdkafkaNative.MsgFlagCopy),
                LibrdkafkaNative.ProduceArgument.Of(LibrdkafkaNative.ArgumentType.Key, (IntPtr)key, fire.Key.Length),
                LibrdkafkaNative.ProduceArgument.Of(LibrdkafkaNative.ArgumentType.Value, (IntPtr)value, fire.Value.Length),
                LibrdkafkaNative.ProduceArgument.Of(LibrdkafkaNative.ArgumentType.Header, FireIdName.Pointer, (IntPtr)id, fireIdLength),
                LibrdkafkaNative.ProduceArgument.Of(LibrdkafkaNative.ArgumentType.Header, SchemaVersionName.Pointer, SchemaVersion.Pointer, SchemaVersion.Length),
                LibrdkafkaNative.ProduceArgument.Of(LibrdkafkaNative.ArgumentType.Header, ContentTypeName.Pointer, ContentType.Pointer, ContentType.Length),
                LibrdkafkaNative.ProduceArgument.Of(LibrdkafkaNative.ArgumentType.Opaque, GCHandle.ToIntPtr(opaque)),
            };
            var error = LibrdkafkaNative.Produceva(_handle, arguments, ProduceArguments);
            if (error == IntPtr.Zero)
            {
                return null;
            }

            opaque.Free();
            try
            {
                return new Error(
                    (ErrorCode)LibrdkafkaNative.ErrorCode(error),
                    Marshal.PtrToStringUTF8(LibrdkafkaNative.ErrorString(error)) ?? "",
                    LibrdkafkaNative.ErrorIsFatal(error) != 0);
            }
            finally
            {
                LibrdkafkaNative.ErrorDestroy(error);
            }
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for every queued record's delivery report.</summary>
    /// <returns>How many records (and requests) are still waiting.</returns>
    public int Flush(TimeSpan timeout)
    {
        // Timing out is the answer, not a failure: the queue's length says how much is left.
        _ = LibrdkafkaNative.Flush(_handle, (int)timeout.TotalMilliseconds);
        return LibrdkafkaNative.OutQueueLength(_handle);
    }

    /// <summary>Drops every record not yet acknowledged; each one's fire fails (a purge error), so none is left waiting.</summary>
    public void Purge()
    {
        var error = LibrdkafkaNative.Purge(_handle, LibrdkafkaNative.PurgeQueued | LibrdkafkaNative.PurgeInFlight);
        if (error != 0)
        {
            throw new InvalidOperationException(
                "librdkafka refused to purge the fire producer: " + LibrdkafkaNative.ErrorText(error));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping = true;
        _poller.Join();
        // Reports already queued (a flush's or a purge's last ones) free their fires' handles.
        while (LibrdkafkaNative.Poll(_handle, 0) > 0)
        {
        }

        foreach (var topic in _topicHandles.Values)
        {
            LibrdkafkaNative.TopicDestroy(topic);
        }

        LibrdkafkaNative.KafkaDestroy(_handle);
        _self.Free();
    }

    private IntPtr TopicHandle(string topic)
    {
        if (_topicHandles.TryGetValue(topic, out var handle))
        {
            return handle;
        }

        lock (_topicsOpening)
        {
            if (!_topicHandles.TryGetValue(topic, out handle))
            {
                handle = LibrdkafkaNative.TopicNew(_handle, topic, IntPtr.Zero);
                if (handle == IntPtr.Zero)
                {
                    throw new ArgumentException($"librdkafka refused the topic name '{topic}'", nameof(topic));
                }

                _topicNames[handle] = topic;
                _topicHandles[topic] = handle;
            }

            return handle;
        }
    }

    private void Serve()
    {
        while (!_stopping)
        {
            _ = LibrdkafkaNative.Poll(_handle, 100);
        }
    }

    private Error FatalError()
    {
        var reason = new byte[512];
        var code = LibrdkafkaNative.FatalError(_handle, reason, (UIntPtr)reason.Length);
        return new Error((ErrorCode)code, LibrdkafkaNative.Text(reason), isFatal: true);
    }

    private static FireProducer Of(IntPtr opaque) => (FireProducer)GCHandle.FromIntPtr(opaque).Target!;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDelivery(IntPtr handle, LibrdkafkaNative.Message* message, IntPtr opaque)
    {
        var producer = Of(opaque);
        var fireHandle = GCHandle.FromIntPtr(message->MessageOpaque);
        var fire = (OutgoingFire)fireHandle.Target!;
        fireHandle.Free();
        var topic = producer._topicNames[message->TopicHandle];
        if (message->Error == 0)
        {
            fire.Delivered(new FireReceipt(topic, message->Partition, message->Offset));
            return;
        }

        var error = message->Error == LibrdkafkaNative.ErrorFatal
            ? producer.FatalError()
            : new Error((ErrorCode)message->Error, LibrdkafkaNative.ErrorText(message->Error));
        fire.Failed(FireRecord.Failure(error, topic));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnError(IntPtr handle, int code, IntPtr reason, IntPtr opaque)
    {
        var producer = Of(opaque);
        producer._onError(code == LibrdkafkaNative.ErrorFatal
            ? producer.FatalError()
            : new Error((ErrorCode)code, Marshal.PtrToStringUTF8(reason) ?? ""));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(IntPtr handle, int level, IntPtr facility, IntPtr line)
    {
        var producer = Of(LibrdkafkaNative.Opaque(handle));
        producer._onLog(new LogMessage(
            producer._name, (SyslogLevel)level, Marshal.PtrToStringUTF8(facility) ?? "", Marshal.PtrToStringUTF8(line) ?? ""));
    }

    /// <summary>Text in native memory, NUL-terminated, with its length in bytes.</summary>
    private readonly record struct NativeText(IntPtr Pointer, int Length)
    {
        public static NativeText Of(string text) =>
            new(Marshal.StringToCoTaskMemUTF8(text), Encoding.UTF8.GetByteCount(text));
    }
}
