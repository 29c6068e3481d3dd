using System.Collections.Generic;
using System.Linq;
using AccelInterop.Model;
using AccelInterop.Model.Facts;

namespace AccelInterop.Emitter.Planning;

/// <summary>The plan against the model: no target is claimed exact where a planned member is not where the compiler put it.</summary>
internal sealed partial class RecordPlanner
{
    /// <summary>
    /// Compares every planned member's offset or bit position with the model's facts for each target
    /// the plan claims (the same walk <c>accelgen facts</c> prints); a target where one differs, or where
    /// the model has no such member, is marked not bound instead of emitted with a wrong layout.
    /// </summary>
    private void CheckAgainstModel(RecordPlan plan)
    {
        var r = plan.Decl;
        foreach (var t in _targets.Where(t => r.ExistsOn(t.Triple) && !plan.Unsupported.Contains(t.Triple)))
        {
            var facts = ModelLayout.Of(_model, r, t.Triple);
            if (plan.Members.All(m => Agrees(m, t.Triple, facts)))
            {
                continue;
            }

            plan.PlanDisagrees.Add(t.Triple);
            plan.Unsupported.Add(t.Triple);
        }
    }

    private static bool Agrees(Reachable m, string target, ModelLayout facts)
    {
        if (m.BitOffsets != null)
        {
            return m.BitOffsets.TryGetValue(target, out var bit) && facts.Bitfields.TryGetValue(m.Name, out var b)
                   && b.Offset == bit && b.Width == m.BitWidth;
        }

        if (m.Offsets == null)
        {
            return true;
        }

        return m.Offsets.TryGetValue(target, out var offset) && facts.Fields.TryGetValue(m.Name, out var o) && o == offset;
    }
}
