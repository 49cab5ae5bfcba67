using Gateway.Configuration;
using Gateway.Hosting;
using Serilog;

// The bootstrap logger lives here only: a second host in the same process (the tests) must not meet a frozen logger.
Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddGateway();
    var app = builder.Build();
    app.UseGateway();
    await app.RunAsync();
    return 0;
}
catch (GatewayConfigurationException ex)
{
    Log.Fatal("{Problems}", ex.Message);
    return 2;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "Gateway stopped: {Message}", ex.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
