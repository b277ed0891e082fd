package dev.arbiter.streams.bestofn;

import dev.arbiter.schema.GroupMember;
import dev.arbiter.schema.PendingSelection;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.schema.SelectionMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a group's selection, as pure functions of its {@link PendingSelection}: which
 * matches the next round needs, how a judged round moves the selection on, and the final ranking.
 * Only candidates with an OK reward take part. Rounds, in order:
 * <ol>
 *   <li>the strategy's own: ARGMAX a round-robin of the candidates tied at the top reward (none
 *       without a tie); ROUND_ROBIN one round of every pair; KNOCKOUT rounds of best seed against
 *       worst (seeded by reward, then group index) until one is left, a tie or an unjudgeable
 *       match sending the better seed through, an odd one out getting a bye;</li>
 *   <li>with pairwise confirmation on, one match between the ranking's best and worst, unless
 *       they have already met, for a complete group whose reward margin makes a preference pair.</li>
 * </ol>
 * Points: 1 for a win, ½ for a tie, nothing for a match without a verdict. Two candidates with
 * the same text never meet in a tie-break or round-robin: they tie by definition.
 */
public final class Bracket {

    /** Why two candidates meet: the strategy's match kinds, and the preference pair's confirmation. */
    public enum Kind { TIE_BREAK, ROUND_ROBIN, KNOCKOUT, CONFIRMATION }

    /** Two candidates to judge against each other in {@code round}; a is the better seed. */
    public record Pairing(int round, Kind kind, GroupMember a, GroupMember b) {}

    private final GroupSettings settings;

    public Bracket(GroupSettings settings) {
        this.settings = settings;
    }

    public static SelectionStrategy strategy(PendingSelection job) {
        return SelectionStrategy.valueOf(job.getGroup().getStrategy());
    }

    /** Candidates with an OK reward: best reward first, then lower group index. */
    public static List<GroupMember> seeds(PendingSelection job) {
        return job.getGroup().getMembers().stream()
                .filter(m -> m.getStatus() == RewardStatus.OK && m.getReward() != null)
                .sorted(Comparator.comparing(GroupMember::getReward, Comparator.reverseOrder())
                        .thenComparing(GroupMember::getGroupIndex))
                .toList();
    }

    /** The matches of the round the job is in, or empty when its selection is decided. */
    public List<Pairing> nextRound(PendingSelection job) {
        int round = job.getRound();
        List<GroupMember> seeds = seeds(job);
        if (!strategyDecided(job, seeds)) {
            return switch (strategy(job)) {
                case ARGMAX -> allPairs(round, Kind.TIE_BREAK, tiedAtTop(seeds));
                case ROUND_ROBIN -> allPairs(round, Kind.ROUND_ROBIN, seeds);
                case KNOCKOUT -> knockoutRound(round, alive(job, seeds));
            };
        }
        return confirmation(job).map(List::of).orElse(List.of());
    }

    /** The job after its current round was judged: the round's matches added, the bracket moved on. */
    public PendingSelection afterRound(PendingSelection job, List<SelectionMatch> judged, int judgeCalls) {
        List<GroupMember> seeds = seeds(job);
        PendingSelection.Builder next = PendingSelection.newBuilder(job);
        if (strategy(job) == SelectionStrategy.KNOCKOUT && !strategyDecided(job, seeds)) {
            Set<String> out = new HashSet<>();
            for (SelectionMatch m : judged) if (!isConfirmation(m)) out.add(loserOfKnockout(m));
            next.setAlive(alive(job, seeds).stream().map(GroupMember::getCandidateId).filter(id -> !out.contains(id)).toList());
        }
        List<SelectionMatch> matches = new ArrayList<>(job.getMatches());
        matches.addAll(judged);
        return next.setMatches(matches).setRound(job.getRound() + 1).setJudgeCalls(judgeCalls).build();
    }

    /** The OK candidates, best first, under the job's strategy and the matches judged so far. */
    public List<GroupMember> ranking(PendingSelection job) {
        List<GroupMember> seeds = seeds(job);
        Map<String, Double> points = points(job.getMatches());
        Comparator<GroupMember> byReward = Comparator.comparing(GroupMember::getReward, Comparator.reverseOrder());
        Comparator<GroupMember> byIndex = Comparator.comparing(GroupMember::getGroupIndex);
        Comparator<GroupMember> byPoints = Comparator.comparing(m -> -points.getOrDefault(m.getCandidateId(), 0.0));
        Comparator<GroupMember> order = switch (strategy(job)) {
            case ARGMAX -> byReward.thenComparing(byPoints).thenComparing(byIndex);
            case ROUND_ROBIN -> byPoints.thenComparing(byReward).thenComparing(byIndex);
            case KNOCKOUT -> {
                Map<String, Integer> out = eliminationRounds(job.getMatches());
                yield Comparator.<GroupMember>comparingInt(m -> -out.getOrDefault(m.getCandidateId(), Integer.MAX_VALUE))
                        .thenComparing(byReward).thenComparing(byIndex);
            }
        };
        return seeds.stream().sorted(order).toList();
    }

    /** Match points per candidate id over the strategy's matches (a confirmation scores nothing). */
    public static Map<String, Double> points(List<SelectionMatch> matches) {
        Map<String, Double> points = new HashMap<>();
        for (SelectionMatch m : matches) {
            if (isConfirmation(m) || m.getStatus() != RewardStatus.OK || m.getWinner() == null) continue;
            switch (m.getWinner()) {
                case "A" -> points.merge(m.getCandidateIdA(), 1.0, Double::sum);
                case "B" -> points.merge(m.getCandidateIdB(), 1.0, Double::sum);
                default -> {
                    points.merge(m.getCandidateIdA(), 0.5, Double::sum);
                    points.merge(m.getCandidateIdB(), 0.5, Double::sum);
                }
            }
        }
        return points;
    }

    /** The match between two candidates, if they met (in either seat). */
    public static Optional<SelectionMatch> meeting(List<SelectionMatch> matches, String x, String y) {
        return matches.stream().filter(m -> (m.getCandidateIdA().equals(x) && m.getCandidateIdB().equals(y))
                || (m.getCandidateIdA().equals(y) && m.getCandidateIdB().equals(x))).reduce((first, second) -> second);
    }

    /** Whether {@code winner} beat {@code loser} in their match, in both orders alike. */
    public static boolean confirmedWin(List<SelectionMatch> matches, String winner, String loser) {
        return meeting(matches, winner, loser).filter(m -> m.getStatus() == RewardStatus.OK && m.getConsistent())
                .filter(m -> winner.equals(m.getCandidateIdA()) ? "A".equals(m.getWinner()) : "B".equals(m.getWinner()))
                .isPresent();
    }

    /** A complete group's best and worst, when their reward margin is enough for a preference pair. */
    public Optional<Pairing> preferenceCandidates(PendingSelection job, List<GroupMember> ranking) {
        if (ranking.size() < 2 || job.getGroup().getMembers().size() < job.getGroup().getGroupSize()) return Optional.empty();
        GroupMember best = ranking.get(0);
        GroupMember worst = ranking.get(ranking.size() - 1);
        double margin = best.getReward() - worst.getReward();
        if (margin <= 0 || margin < settings.pairMinMargin()) return Optional.empty();
        return Optional.of(new Pairing(job.getRound(), Kind.CONFIRMATION, best, worst));
    }

    private boolean strategyDecided(PendingSelection job, List<GroupMember> seeds) {
        return switch (strategy(job)) {
            case ARGMAX -> job.getRound() > 0 || tiedAtTop(seeds).size() < 2;
            case ROUND_ROBIN -> job.getRound() > 0 || seeds.size() < 2;
            case KNOCKOUT -> alive(job, seeds).size() < 2;
        };
    }

    private Optional<Pairing> confirmation(PendingSelection job) {
        if (!settings.pairConfirmation()) return Optional.empty();
        return preferenceCandidates(job, ranking(job))
                .filter(p -> meeting(job.getMatches(), p.a().getCandidateId(), p.b().getCandidateId()).isEmpty());
    }

    private static List<GroupMember> tiedAtTop(List<GroupMember> seeds) {
        if (seeds.isEmpty()) return seeds;
        double top = seeds.get(0).getReward();
        return seeds.stream().filter(m -> m.getReward() == top).toList();
    }

    private static List<Pairing> allPairs(int round, Kind kind, List<GroupMember> players) {
        List<Pairing> pairs = new ArrayList<>();
        for (int i = 0; i < players.size(); i++) {
            for (int j = i + 1; j < players.size(); j++) {
                // Two identical texts tie by definition: judging them would only measure noise.
                if (players.get(i).getResponse().equals(players.get(j).getResponse())) continue;
                pairs.add(new Pairing(round, kind, players.get(i), players.get(j)));
            }
        }
        return pairs;
    }

    /** Knockout players still in, best seed first: everyone before the first round. */
    private static List<GroupMember> alive(PendingSelection job, List<GroupMember> seeds) {
        if (job.getRound() == 0 && job.getMatches().isEmpty()) return seeds;
        Set<String> in = new HashSet<>(job.getAlive());
        return seeds.stream().filter(m -> in.contains(m.getCandidateId())).toList();
    }

    private static List<Pairing> knockoutRound(int round, List<GroupMember> alive) {
        List<Pairing> pairs = new ArrayList<>();
        for (int i = 0; i < alive.size() / 2; i++) pairs.add(new Pairing(round, Kind.KNOCKOUT, alive.get(i), alive.get(alive.size() - 1 - i)));
        return pairs;
    }

    /** A knockout match's loser: B unless B won; a tie or no verdict sends the better seed (A) through. */
    private static String loserOfKnockout(SelectionMatch m) {
        boolean bWon = m.getStatus() == RewardStatus.OK && "B".equals(m.getWinner());
        return bWon ? m.getCandidateIdA() : m.getCandidateIdB();
    }

    private static Map<String, Integer> eliminationRounds(List<SelectionMatch> matches) {
        Map<String, Integer> out = new HashMap<>();
        for (SelectionMatch m : matches) if (!isConfirmation(m)) out.putIfAbsent(loserOfKnockout(m), m.getRound());
        return out;
    }

    private static boolean isConfirmation(SelectionMatch m) {
        return Kind.CONFIRMATION.name().equals(m.getKind());
    }
}
