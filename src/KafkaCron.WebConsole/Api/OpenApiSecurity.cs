using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KafkaCron.WebConsole.Api;

/// <summary>
/// Says in the OpenAPI document what the gate enforces: an HTTP bearer scheme (the admin token), required by every
/// POST, so that generated clients and API explorers send it. Reading needs nothing.
/// </summary>
internal static class OpenApiSecurity
{
    public const string SchemeName = "adminToken";

    public static void Describe(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The console's admin token: the first line of --admin-token-file. Every action (POST) needs it; reading needs nothing.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            }

            return Task.CompletedTask;
        });
    }
}
