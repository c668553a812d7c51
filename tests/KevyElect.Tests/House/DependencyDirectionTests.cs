using System.Reflection;
using System.Reflection.Emit;
using KevyElect.Lab;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.House;

/// <summary>
/// Holds the code to the dependency graph of docs/dev/architecture.md: every reference from one folder (namespace) of
/// the core, or from one product assembly, to another must be an edge of the graph below. References are read from the
/// compiled assemblies (signatures, fields, attributes and the IL of every method body), so a fully qualified name or a
/// lambda counts as much as a using line.
/// </summary>
public class DependencyDirectionTests
{
    /// <summary>The allowed graph, written once: a namespace of the core and what it may use besides itself.</summary>
    private static readonly Dictionary<string, string[]> CoreGraph = new()
    {
        ["Internal"] = [],
        ["Protocol"] = ["Internal"],
        ["DataPlane"] = ["Internal", "Protocol"],
        ["Election"] = ["Internal", "Protocol"],
        ["Net"] = ["Internal", "Protocol", "DataPlane"],
        ["Cluster"] = ["Internal", "Protocol", "DataPlane", "Election"],
        ["Observe"] = ["Internal", "Protocol", "DataPlane", "Election", "Net", "Cluster"],
        ["Failover"] = ["Internal", "Protocol", "DataPlane", "Election", "Net", "Cluster", "Observe"],
        ["Fleet"] = ["Internal", "Protocol", "DataPlane", "Election", "Net", "Cluster", "Observe", "Failover"],
        ["History"] = ["Internal", "Protocol", "DataPlane", "Election", "Net", "Cluster", "Observe", "Failover", "Fleet"],
    };

    /// <summary>The product assemblies and which of the others each may reference.</summary>
    private static readonly Dictionary<string, string[]> AssemblyGraph = new()
    {
        ["KevyElect"] = [],
        ["KevyElect.Lab"] = ["KevyElect"],
        ["KevyElect.PowerShell"] = ["KevyElect", "KevyElect.Lab"],
    };

    [Fact]
    public void Every_namespace_of_the_core_uses_only_the_namespaces_below_it()
    {
        Assembly core = typeof(ElectCodec).Assembly;
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Type type in core.GetTypes())
        {
            string? from = CoreFolder(type);
            if (from == null) continue;
            Assert.True(CoreGraph.ContainsKey(from), $"namespace KevyElect.{from} ({type.FullName}) is not in the graph; add it to CoreGraph and to docs/dev/architecture.md");
            foreach (Type used in ReferencedTypes(type))
            {
                string? to = used.Assembly == core ? CoreFolder(used) : null;
                if (to == null || to == from || CoreGraph[from].Contains(to)) continue;
                violations.Add($"{from} -> {to}: {type.FullName} uses {used.FullName}");
            }
        }
        Assert.True(violations.Count == 0, "references against the direction:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_product_assemblies_reference_only_the_ones_below_them()
    {
        string dir = Path.GetDirectoryName(typeof(ElectLab).Assembly.Location)!;
        string cmdlets = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "src/KevyElect.PowerShell/bin/Release/netstandard2.0/KevyElect.PowerShell.dll"));
        var files = new Dictionary<string, string>
        {
            ["KevyElect"] = Path.Combine(dir, "KevyElect.dll"),
            ["KevyElect.Lab"] = Path.Combine(dir, "KevyElect.Lab.dll"),
        };
        if (File.Exists(cmdlets)) files["KevyElect.PowerShell"] = cmdlets;
        foreach (var (name, file) in files)
        {
            var references = AssemblyReferences(file);
            var product = references.Where(AssemblyGraph.ContainsKey).ToArray();
            Assert.All(product, r => Assert.Contains(r, AssemblyGraph[name]));
            if (name != "KevyElect.PowerShell")
                Assert.DoesNotContain("System.Management.Automation", references);
        }
        Assert.True(files.ContainsKey("KevyElect.PowerShell") || !Directory.Exists(Path.GetDirectoryName(cmdlets)),
            "the cmdlet assembly was built but not found at " + cmdlets);
    }

    [Fact]
    public void The_check_sees_a_reference_made_only_inside_a_method_body()
    {
        // A lambda in a method body that creates a Net type must show up, or the graph check above proves nothing.
        Type probe = typeof(DependencyDirectionTests).Assembly.GetType(typeof(BodyOnly).FullName!)!;
        Assert.Contains(typeof(KevyElect.Net.KevyNetException), ReferencedTypes(probe));
    }

    private static class BodyOnly
    {
        public static object Make() => new Func<object>(() => new KevyElect.Net.KevyNetException("x", KevyElect.Net.KevyNetErrorKind.ConnectRefused, "y"))();
    }

    /// <summary>The folder of a core type: the second part of its namespace (KevyElect.Cluster -> Cluster); null outside.</summary>
    private static string? CoreFolder(Type type)
    {
        string? ns = (type.IsNested ? Outermost(type) : type).Namespace;
        if (ns == null || !ns.StartsWith("KevyElect.", StringComparison.Ordinal)) return null;
        string rest = ns["KevyElect.".Length..];
        int dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType != null) type = type.DeclaringType;
        return type;
    }

    private static List<string> AssemblyReferences(string file)
    {
        // Read from metadata, not loaded: the cmdlet assembly needs PowerShell to load.
        using var stream = File.OpenRead(file);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
    }

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every type <paramref name="type"/> names: in its signature, members, attributes and method bodies, generic arguments included.</summary>
    private static HashSet<Type> ReferencedTypes(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t == null) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericParameter) return;
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (Type arg in t.GetGenericArguments()) Add(arg);
                t = t.GetGenericTypeDefinition();
            }
            found.Add(t);
        }
        Add(type.BaseType);
        foreach (Type i in type.GetInterfaces()) Add(i);
        foreach (var a in type.GetCustomAttributesData()) Add(a.AttributeType);
        foreach (FieldInfo f in type.GetFields(Everything)) Add(f.FieldType);
        foreach (PropertyInfo p in type.GetProperties(Everything)) Add(p.PropertyType);
        foreach (EventInfo e in type.GetEvents(Everything)) Add(e.EventHandlerType);
        var methods = type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything));
        foreach (MethodBase m in methods)
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (ParameterInfo p in m.GetParameters()) Add(p.ParameterType);
            foreach (Type t in BodyTypes(m)) Add(t);
        }
        foreach (Type nested in type.GetNestedTypes(Everything)) found.UnionWith(ReferencedTypes(nested));
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The types a method body names through its metadata tokens (calls, fields, new objects, casts, tokens).</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il == null) yield break;
        Module module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            OpCode op = OpCodesByValue[value];
            int size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, i);
                MemberInfo? member = null;
                try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                catch (ArgumentException) { }
                switch (member)
                {
                    case Type t: yield return t; break;
                    case FieldInfo f: yield return f.DeclaringType!; yield return f.FieldType; break;
                    case MethodBase m:
                        yield return m.DeclaringType!;
                        if (m is MethodInfo mi) { yield return mi.ReturnType; if (mi.IsGenericMethod) foreach (Type a in mi.GetGenericArguments()) yield return a; }
                        foreach (ParameterInfo p in m.GetParameters()) yield return p.ParameterType;
                        break;
                }
            }
            i += size;
        }
    }
}
