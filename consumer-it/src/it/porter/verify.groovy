// After the consumer's build: every test class ran at least one test, the *Properties class
// included (the README's surefire includes). Surefire fails the build on a failure; this checks
// that nothing was skipped without a word.
def reports = new File(basedir, 'target/surefire-reports')
['ScriptTest', 'JobServerTest', 'CopyTest', 'WorkerPoolTest', 'CountingBackendTckTest', 'ModulePathTest',
 'DebounceProperties'].each { name ->
    def report = new File(reports, "TEST-com.example.porter.${name}.xml")
    assert report.isFile() : "surefire did not run ${name}: no ${report}"
    def cases = new groovy.xml.XmlSlurper().parse(report).testcase.size()
    assert cases > 0 : "${name} ran no test"
}
return true
