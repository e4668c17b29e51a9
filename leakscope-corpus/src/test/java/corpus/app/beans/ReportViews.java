package corpus.app.beans;

import corpus.support.HeapDumps;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Leak: a Spring application registers each rendered report view as a singleton bean of its context
 * ({@code registerSingleton("report-" + id, view)}) so that later requests can look it up by name,
 * and never removes it. The context's singleton registry keeps every one: +1,000 views per step.
 */
public final class ReportViews {
  /** A rendered report, with its rows. */
  public static final class ReportView {
    final String id;
    final List<String> rows = new ArrayList<>();

    ReportView(String id) {
      this.id = id;
      for (int row = 0; row < 8; row++) {
        rows.add("report " + id + " row " + row);
      }
    }
  }

  static final AnnotationConfigApplicationContext CONTEXT =
      new AnnotationConfigApplicationContext();

  static int render(int n) {
    String id = "report-" + n;
    ReportView view = new ReportView(id);
    CONTEXT.getBeanFactory().registerSingleton(id, view); // the bug: never destroyed
    return CONTEXT.getBean(id, ReportView.class).rows.size();
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    CONTEXT.refresh();
    int n = 0;
    long rows = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 1_000; i++, n++) {
        rows += render(n);
      }
      dumps.take(dump);
    }
    System.out.println("rows " + rows);
    CONTEXT.close();
  }

  private ReportViews() {}
}
