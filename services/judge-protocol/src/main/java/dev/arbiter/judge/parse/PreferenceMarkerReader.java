package dev.arbiter.judge.parse;

import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import dev.arbiter.judge.scan.ScanBudget;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The part every pairwise parser shares: take the last unquoted match of the protocol's
 * decision marker and map it to a position, telling "quoted only" apart from "absent" in the
 * failure reason so operators can see when a candidate's text, not the judge, held the marker.
 */
final class PreferenceMarkerReader {

    private final MarkerScan scan;
    private final Function<MarkerScan.Marker, Preference> toPreference;
    private final String markerDescription;

    PreferenceMarkerReader(Pattern marker, Function<MarkerScan.Marker, Preference> toPreference,
                           String markerDescription, ScanBudget budget, String scanner) {
        this.scan = new MarkerScan(marker, budget, scanner);
        this.toPreference = toPreference;
        this.markerDescription = markerDescription;
    }

    PairwiseVerdict read(String text) {
        MarkerScan.Outcome found = scan.scan(text);
        if (found.last().isEmpty()) return PairwiseVerdict.parseFailed(text, found.whyNone(markerDescription, markerDescription));
        return PairwiseVerdict.ok(toPreference.apply(found.last().get()), text);
    }
}
