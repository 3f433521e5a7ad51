using Chat;

// dotnet run --project samples/Chat [-- <port>]: serves the chat room on 127.0.0.1 until stopped (Ctrl-C).
var port = args.Length > 0 ? int.Parse(args[0]) : 5000;
var server = ChatApp.CreateServer("127.0.0.1", port);
server.Start();
Console.WriteLine($"Chat on http://127.0.0.1:{server.Port}/ (the websocket page is /points)");
server.ServeForever();
