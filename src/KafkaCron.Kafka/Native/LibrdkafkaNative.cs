using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace KafkaCron.Kafka.Native;

/// <summary>
/// The librdkafka entry points KafkaCron calls itself: the built-in mock cluster, which Confluent.Kafka does not
/// expose, and the fire producer (<see cref="Publishing.FireProducer"/>). It must bind the very library file
/// Confluent.Kafka loaded, or the two would run separate copies of librdkafka.
/// </summary>
internal static partial class LibrdkafkaNative
{
    private const string Library = "librdkafka";

    static LibrdkafkaNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaNative).Assembly, Resolve);
    }

    /// <summary>Forces the resolver to be registered before the first P/Invoke.</summary>
    internal static void EnsureResolver()
    {
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Library)
        {
            return IntPtr.Zero;
        }

        // Same order as Confluent.Kafka's loader: the default build first, then the centos8 build, which does not
        // need libsasl2.so.3 (absent on Debian 12).
        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            "librdkafka could not be loaded from the librdkafka.redist package; looked in: " + string.Join(", ", Candidates()));
    }

    private static IEnumerable<string> Candidates()
    {
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native");
        yield return Path.Combine(native, "librdkafka.so");
        yield return Path.Combine(native, "centos8-librdkafka.so");
        yield return Path.Combine(AppContext.BaseDirectory, "librdkafka.so");
    }

    internal const int ProducerType = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    internal static partial IntPtr ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(IntPtr conf, string name, string value, byte[] errstr, UIntPtr errstrSize);

    /// <summary>
    /// Sets each of a client's <paramref name="settings"/> that librdkafka owns on <paramref name="conf"/>
    /// (Confluent.Kafka's own, <c>dotnet.*</c>, never reach it) and returns those it refused, in order, each with
    /// librdkafka's reason.
    /// </summary>
    internal static List<(string Setting, string Reason)> ConfSetAll(IntPtr conf, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var refused = new List<(string, string)>();
        var errors = new byte[512];
        foreach (var (name, value) in settings.Where(setting => !setting.Key.StartsWith("dotnet.", StringComparison.Ordinal)))
        {
            if (ConfSet(conf, name, value, errors, (UIntPtr)errors.Length) != ConfOk)
            {
                refused.Add((name, Text(errors)));
            }
        }

        return refused;
    }

    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    internal static partial IntPtr KafkaNew(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    internal static partial void KafkaDestroy(IntPtr rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_err2str")]
    private static partial IntPtr ErrorToString(int err);

    /// <summary>librdkafka's description of an error code.</summary>
    internal static string ErrorText(int err) => Marshal.PtrToStringUTF8(ErrorToString(err)) ?? "";

    /// <summary>The NUL-terminated UTF-8 text librdkafka wrote into <paramref name="buffer"/> (an <c>errstr</c>).</summary>
    internal static string Text(byte[] buffer)
    {
        var length = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, length < 0 ? buffer.Length : length);
    }
}
