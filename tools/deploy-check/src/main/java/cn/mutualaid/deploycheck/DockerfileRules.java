package cn.mutualaid.deploycheck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules over docker/Dockerfile's text (no Docker engine here to build it): parameterised by MODULE, Spring Boot
 * layers extracted, a JRE runtime stage that runs as a numeric non-root user and starts the JarLauncher.
 */
public final class DockerfileRules {

    private static final Pattern ARG = Pattern.compile("(?i)^ARG\\s+(\\w+)(?:=(\\S+))?\\s*$");
    private static final Pattern FROM = Pattern.compile("(?i)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");
    private static final Pattern USER = Pattern.compile("(?i)^USER\\s+(\\S+)\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

    private DockerfileRules() {
    }

    public static List<String> check(String dockerfile) {
        List<String> violations = new ArrayList<>();
        Map<String, String> globalArgs = new HashMap<>();
        List<String> finalStage = new ArrayList<>();
        String runtimeImage = null;
        boolean sawFrom = false;
        boolean moduleArg = false;
        for (String line : joinContinuations(dockerfile)) {
            Matcher arg = ARG.matcher(line);
            Matcher from = FROM.matcher(line);
            if (arg.matches()) {
                moduleArg |= arg.group(1).equals("MODULE");
                if (!sawFrom && arg.group(2) != null) {
                    globalArgs.put(arg.group(1), arg.group(2));
                }
            } else if (from.matches()) {
                sawFrom = true;
                runtimeImage = substitute(from.group(1), globalArgs);
                finalStage.clear();
            }
            finalStage.add(line);
        }
        if (!moduleArg) {
            violations.add("no ARG MODULE: one Dockerfile must serve every module");
        }
        if (!dockerfile.contains("-Djarmode=tools") || !dockerfile.contains("extract --layers --launcher")) {
            violations.add("the jar is not extracted into Spring Boot layers (java -Djarmode=tools -jar app.jar extract --layers --launcher)");
        }
        if (runtimeImage == null || !runtimeImage.contains("jre")) {
            violations.add("the runtime stage is not a JRE image: " + runtimeImage);
        }
        String user = null;
        for (String line : finalStage) {
            Matcher matcher = USER.matcher(line);
            if (matcher.matches()) {
                user = matcher.group(1);
            }
        }
        String uid = user == null ? null : user.split(":")[0];
        if (uid == null || !uid.matches("\\d+") || Integer.parseInt(uid) == 0) {
            violations.add("the runtime stage does not run as a numeric non-root user: USER " + user);
        }
        if (finalStage.stream().noneMatch(line -> line.startsWith("ENTRYPOINT") && line.contains("JarLauncher"))) {
            violations.add("the runtime stage does not start org.springframework.boot.loader.launch.JarLauncher");
        }
        return violations;
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(args.getOrDefault(matcher.group(1), "")));
        }
        return matcher.appendTail(result).toString();
    }

    /** Instructions with their backslash continuations joined; comments and blank lines dropped. */
    private static List<String> joinContinuations(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : dockerfile.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            if (current.length() > 0) {
                instructions.add(current.toString().strip());
            }
            current.setLength(0);
        }
        return instructions;
    }
}
