using System.Runtime.InteropServices;

namespace KafkaCron.Kafka.Native;

/// <summary>The producer calls of <see cref="Publishing.FireProducer"/> (<c>rdkafka.h</c>).</summary>
internal static partial class LibrdkafkaNative
{
    internal const int ConfOk = 0;

    internal const int MsgFlagCopy = 0x2;

    internal const int PartitionUnassigned = -1;

    internal const int PurgeQueued = 0x1;

    internal const int PurgeInFlight = 0x2;

    internal const int ErrorFatal = -150;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(IntPtr conf);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set_opaque")]
    internal static partial void ConfSetOpaque(IntPtr conf, IntPtr opaque);

    /// <summary><c>void (*)(rd_kafka_t *, const rd_kafka_message_t *, void *opaque)</c>, served by <see cref="Poll"/>.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set_dr_msg_cb")]
    internal static partial void ConfSetDeliveryReportCallback(IntPtr conf, IntPtr callback);

    /// <summary><c>void (*)(rd_kafka_t *, int err, const char *reason, void *opaque)</c>, served by <see cref="Poll"/>.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set_error_cb")]
    internal static partial void ConfSetErrorCallback(IntPtr conf, IntPtr callback);

    /// <summary><c>void (*)(const rd_kafka_t *, int level, const char *fac, const char *buf)</c>, from any librdkafka thread.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set_log_cb")]
    internal static partial void ConfSetLogCallback(IntPtr conf, IntPtr callback);

    [LibraryImport(Library, EntryPoint = "rd_kafka_opaque")]
    internal static partial IntPtr Opaque(IntPtr rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_topic_new", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr TopicNew(IntPtr rk, string topic, IntPtr topicConf);

    [LibraryImport(Library, EntryPoint = "rd_kafka_topic_destroy")]
    internal static partial void TopicDestroy(IntPtr rkt);

    /// <returns>An <c>rd_kafka_error_t *</c>, or zero when the message was queued.</returns>
    [LibraryImport(Library, EntryPoint = "rd_kafka_produceva")]
    internal static unsafe partial IntPtr Produceva(IntPtr rk, ProduceArgument* arguments, UIntPtr count);

    [LibraryImport(Library, EntryPoint = "rd_kafka_error_code")]
    internal static partial int ErrorCode(IntPtr error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_error_string")]
    internal static partial IntPtr ErrorString(IntPtr error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_error_is_fatal")]
    internal static partial int ErrorIsFatal(IntPtr error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_error_destroy")]
    internal static partial void ErrorDestroy(IntPtr error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_fatal_error")]
    internal static partial int FatalError(IntPtr rk, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_poll")]
    internal static partial int Poll(IntPtr rk, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_flush")]
    internal static partial int Flush(IntPtr rk, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_purge")]
    internal static partial int Purge(IntPtr rk, int flags);

    [LibraryImport(Library, EntryPoint = "rd_kafka_outq_len")]
    internal static partial int OutQueueLength(IntPtr rk);

    /// <summary>The kinds of <see cref="ProduceArgument"/> (<c>rd_kafka_vtype_t</c>).</summary>
    internal enum ArgumentType
    {
        TopicHandle = 2,
        Partition = 3,
        Value = 4,
        Key = 5,
        Opaque = 6,
        MessageFlags = 7,
        Header = 9,
    }

    /// <summary>
    /// One argument of <c>rd_kafka_produceva</c> (<c>rd_kafka_vu_t</c>): its kind, then a union padded to 64 bytes
    /// whose first words hold a pointer, a pointer and a size, or a name, a pointer and a size.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 72)]
    internal struct ProduceArgument
    {
        [FieldOffset(0)] public ArgumentType Type;
        [FieldOffset(8)] public IntPtr First;
        [FieldOffset(16)] public IntPtr Second;
        [FieldOffset(24)] public IntPtr Third;

        public static ProduceArgument Of(ArgumentType type, IntPtr first, IntPtr second = 0, IntPtr third = 0) =>
            new() { Type = type, First = first, Second = second, Third = third };
    }

    /// <summary>The fields of <c>rd_kafka_message_t</c> a delivery report reads.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Message
    {
        public int Error;
        public IntPtr TopicHandle;
        public int Partition;
        public IntPtr Payload;
        public UIntPtr Length;
        public IntPtr Key;
        public UIntPtr KeyLength;
        public long Offset;
        public IntPtr MessageOpaque;
    }
}
