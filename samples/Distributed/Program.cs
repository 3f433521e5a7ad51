using Distributed;
using Greenlets;

// A work queue spread over processes and machines, on ZeroMQ:
//   dotnet run --project samples/Distributed -- coordinator [tcp://*:5555] [tasks]
//   dotnet run --project samples/Distributed -- worker tcp://<coordinator host>:5555 [work seconds] [hubs]
// Start one coordinator and any number of workers, on this machine or others: each worker connects to the
// coordinator's address, so pointing workers at another host is giving them its name. A worker process runs a hub per
// core (or [hubs] hubs), each with its own DEALER socket: to the coordinator, each hub is one worker.
using var context = new ZmqContext();
switch (args)
{
    case ["coordinator", .. var rest]:
        var endpoint = rest.Length > 0 ? rest[0] : "tcp://*:5555";
        var tasks = rest.Length > 1 ? int.Parse(rest[1]) : 1000;
        using (var coordinator = new Coordinator(context, tasks, taskTimeout: 2))
        {
            Console.WriteLine($"coordinator on {coordinator.Bind(endpoint)}: {tasks} tasks");
            coordinator.Run();
            Console.WriteLine($"{coordinator.Results.Count} results from {coordinator.WorkersSeen} workers; {coordinator.Resent} sent again, {coordinator.DuplicatesDropped} duplicate answers dropped");
        }

        return 0;
    case ["worker", var address, .. var rest]:
        var workTime = rest.Length > 0 ? double.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 0.01;
        var hubs = rest.Length > 1 ? int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        HubGroup.Run(hubs, Worker.RunOnHub, new WorkerSettings(context, address, workTime));
        return 0;
    default:
        Console.Error.WriteLine("usage: Distributed coordinator [endpoint] [tasks] | worker <endpoint> [work seconds] [hubs]");
        return 2;
}
