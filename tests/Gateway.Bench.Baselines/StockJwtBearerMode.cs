using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Gateway.Bench.Baselines;

/// <summary>
/// YARP protected the way the ASP.NET Core docs show: AddJwtBearer with Authority (discovery + JWKS), a named
/// policy on the route that requires the scope, UseAuthentication/UseAuthorization. No result cache: every
/// request's token is validated. The only changes from the docs are the ones a Cognito user must make to get
/// any token through: http metadata on loopback, no aud in access tokens, claim names as issued.
/// </summary>
internal static class StockJwtBearerMode
{
    private const string Scope = "demo-api/hello";

    public static Task<int> RunAsync(string url, string backendUrl, string issuer)
    {
        var builder = ProxyConfig.CreateBuilder(url);
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.Authority = issuer;
                o.RequireHttpsMetadata = false;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.ValidateAudience = false;
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("hello", policy => policy
                .RequireAuthenticatedUser()

                // Cognito's scope claim is one space-separated string, so RequireClaim("scope", ...) would
                // only match single-scope tokens; the docs' scope requirement splits it.
                .RequireAssertion(context => context.User.FindFirst("scope")?.Value.Split(' ').Contains(Scope) == true));
        builder.Services.AddReverseProxy().LoadFromMemory(ProxyConfig.Routes("hello"), ProxyConfig.Clusters(backendUrl));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapReverseProxy();
        return Listen.UntilStoppedAsync(app);
    }
}
