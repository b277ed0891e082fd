package dev.arbiter.app.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The report's charts: agreement and consistency per scenario group, one bar per profile, drawn
 * headless with XChart as PNG files next to {@code report.md}.
 */
public final class EvalCharts {

    private EvalCharts() {}

    /** Writes the charts into {@code dir} and returns their file names. */
    public static List<String> write(EvalReport report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> files = new ArrayList<>();
        files.add(chart(report, dir, "agreement.png", "Agreement with the human label (both orders)",
                c -> c.agreement().orElse(0.0)));
        files.add(chart(report, dir, "consistency.png", "Consistency under the position swap", c -> c.consistency().orElse(0.0)));
        return files;
    }

    private static String chart(EvalReport report, Path dir, String file, String title,
                                Function<EvalMetrics.Counts, Double> measure) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(480).title(title)
                .xAxisTitle("scenario group").yAxisTitle("share of pairs").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisLabelRotation(30).setLegendVisible(true);
        List<String> rows = report.rows();
        for (String profile : report.profiles()) {
            List<Double> values = new ArrayList<>();
            for (String row : rows) values.add(measure.apply(report.counts(profile, row)));
            chart.addSeries(profile, rows, values);
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
