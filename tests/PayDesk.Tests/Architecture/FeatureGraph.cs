namespace PayDesk.Tests.Architecture;

/// A directed graph between features with Tarjan's strongly connected components.
internal sealed class FeatureGraph
{
    private readonly SortedDictionary<string, SortedSet<string>> _edges = new(StringComparer.Ordinal);

    public void AddNode(string node)
    {
        if (!_edges.ContainsKey(node)) _edges[node] = new SortedSet<string>(StringComparer.Ordinal);
    }

    public void AddEdge(string from, string to)
    {
        AddNode(from);
        AddNode(to);
        if (from != to) _edges[from].Add(to);
    }

    public IReadOnlyCollection<string> Nodes => _edges.Keys;

    public IEnumerable<(string From, string To)> Edges =>
        _edges.SelectMany(pair => pair.Value.Select(to => (pair.Key, to)));

    public bool HasEdge(string from, string to) => _edges.TryGetValue(from, out var targets) && targets.Contains(to);

    /// Pairs A, B with A→B and B→A (each pair once, A &lt; B).
    public IEnumerable<(string A, string B)> TwoWayPairs =>
        Edges.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && HasEdge(e.To, e.From));

    /// Tarjan's algorithm; every node lands in exactly one component, cycles are the components of size > 1.
    public IReadOnlyList<IReadOnlySet<string>> StronglyConnectedComponents()
    {
        var index = new Dictionary<string, int>();
        var lowLink = new Dictionary<string, int>();
        var onStack = new HashSet<string>();
        var stack = new Stack<string>();
        var components = new List<IReadOnlySet<string>>();
        var next = 0;

        void Visit(string node)
        {
            index[node] = lowLink[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in _edges[node])
            {
                if (!index.ContainsKey(target))
                {
                    Visit(target);
                    lowLink[node] = Math.Min(lowLink[node], lowLink[target]);
                }
                else if (onStack.Contains(target))
                {
                    lowLink[node] = Math.Min(lowLink[node], index[target]);
                }
            }
            if (lowLink[node] != index[node]) return;
            var component = new SortedSet<string>(StringComparer.Ordinal);
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (member != node);
            components.Add(component);
        }

        foreach (var node in _edges.Keys)
            if (!index.ContainsKey(node)) Visit(node);
        return components;
    }

    /// Edges whose both ends sit in the same cycle (strongly connected component of size > 1).
    public IEnumerable<(string From, string To)> EdgesInCycles()
    {
        var componentOf = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var component in StronglyConnectedComponents().Where(c => c.Count > 1))
            foreach (var node in component) componentOf[node] = component;
        return Edges.Where(e => componentOf.TryGetValue(e.From, out var c) && c.Contains(e.To));
    }
}
