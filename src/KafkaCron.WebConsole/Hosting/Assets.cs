using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaCron.WebConsole.Hosting;

/// <summary>The console's script and style sheet, embedded in this assembly and served from memory: no CDN, no files to deploy.</summary>
internal static class Assets
{
    public static void MapKcronAssets(this IEndpointRouteBuilder app)
    {
        var script = Read("console.js");
        var styles = Read("console.css");
        app.MapGet("/assets/console.js", () => Results.Bytes(script, "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/assets/console.css", () => Results.Bytes(styles, "text/css; charset=utf-8")).ExcludeFromDescription();
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the console's {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
